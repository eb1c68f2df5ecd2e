/** The report's one stylesheet, inlined (the page loads nothing from the network). */
export const CSS = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--accent:#3b6ea8;--rule:#d8d8d8}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#fff}
p,li,figcaption,summary{overflow-wrap:break-word}code{overflow-wrap:anywhere}
header,main,footer{max-width:1000px;margin:0 auto;padding:0 20px}
header{padding-top:24px;border-bottom:4px solid var(--accent)}h1{margin:0 0 8px;font-size:2rem;line-height:1.2}
.sub{color:var(--muted);margin:12px 0 16px}nav ul{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;list-style:none}
nav a{color:var(--accent)}section{padding:12px 0 20px;border-bottom:1px solid var(--rule)}
h2{font-size:1.5rem;margin:18px 0 8px}h3{font-size:1.1rem;margin:16px 0 6px}
.findings{list-style:none;padding:0;margin:8px 0 12px;display:grid;gap:10px}
.finding{border:1px solid var(--rule);border-left:6px solid var(--accent);padding:8px 12px;border-radius:4px}
.finding h3{margin:0 0 4px;font-size:1.05rem}.finding p{margin:4px 0}
.verdict{margin:2px 0 4px}.basis{font-size:.875rem;color:var(--muted)}.band{display:inline-block;font-weight:700;color:#1a1a1a;padding:0 8px;border-radius:3px;border:2px solid}
.band-low{background:#e6f2e6;border-color:#2e7d32}.band-moderate{background:#fff4d6;border-color:#8a6100}.band-high{background:#fbe3e0;border-color:#a3271b}
.glance{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,200px),1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--rule);border-left:4px solid var(--accent);padding:10px 12px;border-radius:4px}
.card .n{font-size:1.6rem;font-weight:700}.card .l{color:var(--muted);font-size:.9rem}
.tablewrap{overflow-x:auto;max-width:100%;margin:8px 0 12px}.tablewrap:focus-visible{outline:3px solid #fd0;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.92rem}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--rule);padding:4px 8px;text-align:left;vertical-align:top}td{font-variant-numeric:tabular-nums}
thead th{border-bottom:2px solid #999}.what{background:#f3f6fa;border-left:4px solid var(--accent);padding:4px 14px;margin:12px 0}
.meaning{border:1px solid #8a6100;background:#fffaf0;padding:4px 14px;margin:12px 0}
.maps{display:grid;grid-template-columns:1fr;gap:24px}
cohesion-map{display:block;min-height:320px;--cohesion-map-height:clamp(300px,60vh,520px)}
details{margin:8px 0}details.more{border:1px solid var(--rule);border-radius:4px;padding:4px 12px}details.more>summary{font-weight:600;padding:4px 0}
.chart{display:block;width:100%;height:auto}.lines{margin:8px 0}.lines .narrow{display:none}
.key{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9rem}.key svg{vertical-align:-2px;margin-right:6px}
.bars{margin:8px 0 12px}.bars figcaption{font-weight:600;margin-bottom:4px}.bars ul{list-style:none;margin:0;padding:0}
.bar{display:grid;grid-template-columns:minmax(8rem,18rem) minmax(4rem,1fr) 4.5rem;gap:2px 10px;align-items:center;font-size:.875rem;padding:1px 0}
.bar.hl{font-weight:700}.bt{display:block;width:100%;height:18px}.bv{font-variant-numeric:tabular-nums}.flag{color:var(--muted);font-weight:400}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.note{color:var(--muted);font-size:.9rem}.notes{border:1px solid #c77700;background:#fff8ec;padding:4px 12px;margin:8px 0}footer{padding:16px 20px 40px;color:var(--muted);font-size:.9rem}
@media (max-width:839px){.lines .wide{display:none}.lines .narrow{display:block;max-width:420px}}
@media (max-width:600px){header,main,footer{padding-left:12px;padding-right:12px}h1{font-size:1.5rem}h2{font-size:1.3rem}
.bar{grid-template-columns:minmax(0,1fr) auto}.bl{grid-column:1/-1}th,td{padding:4px 6px}}
.alarm-map svg{max-width:480px}.map-fallback{padding:1em;border:1px dashed var(--rule)}
@media print{nav{display:none}section{break-inside:auto}.finding,figure,cohesion-map,tr{break-inside:avoid}
.lines .narrow{display:none!important}.lines .wide{display:block!important}.tablewrap{overflow:visible}
details::details-content{content-visibility:visible;display:block}a{color:inherit}body{font-size:11pt}}
`;
