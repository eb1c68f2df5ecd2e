import type { FeatureCollection, Position } from 'geojson';

const SVG = 'http://www.w3.org/2000/svg';

function mercY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return (0.5 * Math.log((1 + s) / (1 - s)) * 180) / Math.PI;
}

/**
 * Static SVG drawing of the areas (Web Mercator, fitted to the box), used when WebGL is unavailable.
 * It is decorative (aria-hidden): the table carries the same information accessibly.
 */
export function staticSvg(fc: FeatureCollection, fills: string[], strokes: string[]): SVGSVGElement {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const project = (p: Position): [number, number] => [p[0] as number, -mercY(p[1] as number)];
  const rings: [number, [number, number][]][] = [];
  fc.features.forEach((f, i) => {
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      for (const ring of poly) {
        const pts = ring.map(project);
        for (const [x, y] of pts) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        rings.push([i, pts]);
      }
    }
  });
  const w = 1000;
  const scale = w / (maxX - minX || 1);
  const h = Math.max(1, Math.round((maxY - minY) * scale));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `-10 -10 ${w + 20} ${h + 20}`);
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'svg');
  const paths = new Map<number, string[]>();
  for (const [i, pts] of rings) {
    const d = `M${pts.map(([x, y]) => `${((x - minX) * scale).toFixed(1)},${((y - minY) * scale).toFixed(1)}`).join('L')}Z`;
    const list = paths.get(i) ?? [];
    list.push(d);
    paths.set(i, list);
  }
  for (const [i, ds] of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', ds.join(''));
    path.setAttribute('fill', fills[i] ?? '#ccc');
    path.setAttribute('fill-rule', 'evenodd');
    path.setAttribute('stroke', strokes[i] ?? '#1a1a1a');
    path.setAttribute('stroke-width', '0.6');
    path.setAttribute('data-index', String(i));
    svg.appendChild(path);
  }
  return svg;
}
