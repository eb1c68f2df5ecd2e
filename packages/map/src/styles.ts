/** Shadow-DOM styles of the element (MapLibre's own CSS is added beside them when it loads). */
export const ELEMENT_CSS = `
:host { display: block; font: var(--cohesion-map-font, 1rem/1.4 system-ui, sans-serif);
  color: var(--cohesion-map-text, #0b0c0c); background: var(--cohesion-map-background, #fff); }
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
figure { margin: 0; }
.caption { font-weight: 700; margin: 0 0 .25rem; }
.headline { font-weight: 400; display: block; }
.sr { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.stage { position: relative; height: var(--cohesion-map-height, 420px);
  border: 1px solid var(--cohesion-map-border, #b1b4b6); background: var(--cohesion-map-canvas, #f3f2f1); }
.map { position: absolute; inset: 0; }
.map:focus { outline: none; }
.map:focus-visible, .stage:focus-within .map:focus { outline: 3px solid var(--cohesion-map-focus, #fd0);
  outline-offset: 0; box-shadow: inset 0 0 0 6px var(--cohesion-map-focus-inner, #0b0c0c); }
.svg { position: absolute; inset: 0; width: 100%; height: 100%; z-index: 1; }
.svg.pick path, .preview.pick { cursor: pointer; }
.preview { position: absolute; inset: 0; z-index: 1; }
.preview canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.map.pending > .maplibregl-canvas-container, .map.pending > .maplibregl-control-container { visibility: hidden; }
.placeholder { position: absolute; inset: 0; display: flex; flex-direction: column; gap: .5rem;
  align-items: center; justify-content: center; text-align: center; padding: 1rem; }
.status { margin: 0; }
.error { color: var(--cohesion-map-error, #b5291a); font-weight: 700; }
button { font: inherit; cursor: pointer; }
.show { padding: .4rem .9rem; border: 2px solid currentColor; background: #fff; color: #0b0c0c; }
.show:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid var(--cohesion-map-focus, #fd0);
  box-shadow: 0 4px #0b0c0c; }
.labels { position: absolute; inset: 0; z-index: 2; pointer-events: none; overflow: hidden; }
.place { position: absolute; transform: translate(-50%, -50%); white-space: nowrap; color: #0b0c0c;
  font: 600 .8rem/1.2 system-ui, sans-serif; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.zoombar { position: absolute; top: 10px; right: 10px; z-index: 2; display: flex; flex-direction: column;
  border: 1px solid #0b0c0c; background: #fff; }
.zoombar button { width: 2rem; height: 2rem; border: 0; background: #fff; color: #0b0c0c; font: 700 1.25rem/1 system-ui, sans-serif; }
.zoombar button + button { border-top: 1px solid #b1b4b6; }
.tooltip { position: absolute; z-index: 3; pointer-events: none; max-width: 18rem; padding: .35rem .55rem;
  background: var(--cohesion-map-tooltip-background, #fff); color: var(--cohesion-map-text, #0b0c0c);
  border: 1px solid #0b0c0c; box-shadow: 0 2px 6px rgba(0,0,0,.25); font-size: .9rem; }
.tooltip[hidden] { display: none; }
.search { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .5rem; margin: 0 0 .5rem; }
.search label { font-weight: 700; }
.search input { font: inherit; padding: .25rem .4rem; border: 2px solid #0b0c0c; min-width: 0; flex: 1 1 12rem; max-width: 24rem; }
.search input:focus { outline: 3px solid var(--cohesion-map-focus, #fd0); box-shadow: inset 0 0 0 2px #0b0c0c; }
.search button { padding: .25rem .8rem; border: 2px solid #0b0c0c; background: #fff; color: #0b0c0c; }
.search-status { flex-basis: 100%; margin: 0; font-size: .9rem; }
.search-status:empty { display: none; }
.legend { margin: .5rem 0; }
.legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.sw { display: inline-block; width: 1.4rem; height: 1rem; border: 1px solid #0b0c0c; flex: none; }
.sw.o1 { border: 2px dashed #0b0c0c; } .sw.o2 { border: 2px solid #0b0c0c; } .sw.o3 { border: 4px solid #0b0c0c; }
.sw.site { border: 2px solid; outline: 2px solid; outline-offset: 0; margin: 2px; }
.sw.hatch { background: repeating-linear-gradient(45deg, #fff 0 3px, #6f777b 3px 4px) !important; }
.count { color: var(--cohesion-map-muted, #505a5f); }
.attribution { font-size: .8rem; color: var(--cohesion-map-muted, #505a5f); margin: .25rem 0 0; }
details { margin-top: .5rem; }
summary { cursor: pointer; }
.tablewrap { max-height: var(--cohesion-map-table-height, 24rem); overflow: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #b1b4b6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { border: 0; background: none; padding: 0; font-weight: 700; color: inherit; text-decoration: underline; }
tr[aria-selected="true"] td { background: var(--cohesion-map-selected, #fff2a8); }
.download { margin: .4rem 0; padding: .2rem .6rem; }
/* MapLibre draws its control icons as data: URL images, which img-src 'self' blocks: text glyphs instead. */
.maplibregl-ctrl .maplibregl-ctrl-icon { background-image: none !important; display: flex; align-items: center;
  justify-content: center; font: 700 1.25rem/1 system-ui, sans-serif; color: #0b0c0c; }
.maplibregl-ctrl-zoom-in .maplibregl-ctrl-icon::before { content: "+"; }
.maplibregl-ctrl-zoom-out .maplibregl-ctrl-icon::before { content: "\\2212"; }
`;
