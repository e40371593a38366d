// Three KPM realizations at L = 18 (the anderson-kpm-L18 settings), wall ms each, in one fresh process:
//   node bench/results/session6-lead/kpm-realizations.mjs <dist of a build>   (prints "old" when the path contains "old")
const root = process.argv[2];
await import(root + '/src/node.js').then((m) => m.installNodePlatform?.());
const ad = await import(root + '/src/models/anderson-dnp/index.js');
const settings = ad.resolveSettings({ L: 18, method: 'kpm', realizations: 3 }, undefined);
const out = [];
for (let r = 0; r < 3; r++) { const t = performance.now(); ad.kpmRealization(settings, r); out.push((performance.now() - t).toFixed(0)); }
console.log(root.includes('old') ? 'old' : 'new', out.join(' '));
