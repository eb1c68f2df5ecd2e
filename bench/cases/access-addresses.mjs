/**
 * Issue 20: green-space access at address scale — nearest access point and the four ANGSt flags for
 * every address in Great Britain (~30 million, generated), streamed from CSV with bounded memory.
 */
import { ANGST, nearestAccessPoint, readPointChunks, streamAddressAccess } from '@cohesion/geo';
import { prepareAccessPoints, prepareAddresses, readAccessPoints } from '../lib/addresses.mjs';
import { AgreementError, assertArrayClose } from '../lib/agreement.mjs';

/** Addresses whose per-address results are checked against the in-memory flatbush search. */
const CHECKED = 100_000;
const CHUNK = 1_000_000;

/** @type {import('../run.mjs').BenchCase} */
export default {
  name: 'access-addresses',
  group: 'access',
  title: 'Nearest access point + ANGSt flags for every address (streamed)',
  description:
    'Addresses: seeded points clustered like British addresses (3,000 towns with Zipf sizes, Gaussian spread 0.5–15 km, ' +
    '10 % rural), CSV `x,y` in BNG metres (30M ≈ 0.5 GB). Access points: entrances of 35,000 generated sites (80 % in the same towns; ' +
    'areas log-uniform 0.2–800 ha; 1–8 entrances each, ~150,000 points). Timed: `streamAddressAccess(readPointChunks(csv, ' +
    `{chunkSize: ${CHUNK}}), accessPoints, {standard: ANGST})\` — reading and parsing the CSV, ` +
    'the nearest access point of every address and the four ANGSt flags (2 ha/300 m, 20 ha/2 km, 100 ha/5 km, 500 ha/10 km, ' +
    'straight line to an entrance), one thread, memory bounded by one chunk (16 MB of coordinates + results). ' +
    `Agreement: for the first ${CHECKED.toLocaleString('en-GB')} addresses, the nearest distance from flatbush k-NN ` +
    '(`nearestAccessPoint`, in memory) to 1e-9 and each ANGSt flag from a flatbush search of that size class’s entrances.',
  sizes: ['addresses-30m'],
  // One pass over 30M addresses takes minutes of CPU; on a shared machine, much longer.
  timeoutMs: 45 * 60_000,
  quickSizes: ['addresses-1m'],
  setup(ctx) {
    const csv = prepareAddresses(ctx.input.n, (m) => process.stderr.write(`${m}\n`));
    const ap = prepareAccessPoints();
    return { csv, points: readAccessPoints(ap.path) };
  },
  async run(s) {
    /** @type {{distance: number[], meets: number[]}} */
    const head = { distance: [], meets: [] };
    const summary = await streamAddressAccess(readPointChunks(s.csv, { chunkSize: CHUNK }), s.points, {
      standard: ANGST,
      onChunk(c) {
        if (c.offset === 0) {
          head.distance = Array.from(c.distance.subarray(0, CHECKED));
          head.meets = Array.from(c.meets.subarray(0, CHECKED));
        }
      },
    });
    return { summary, head };
  },
  summarize: (r) => ({ summary: r.summary, head: r.head }),
  peers: [
    {
      name: `flatbush k-NN in memory (first ${CHECKED.toLocaleString('en-GB')} addresses)`,
      // Compared per address: the peer runs on the first 100,000 of them.
      share: (ctx) => CHECKED / ctx.input.n,
      async setup(ctx) {
        const csv = prepareAddresses(ctx.input.n);
        const points = readAccessPoints(prepareAccessPoints().path);
        const it = readPointChunks(csv, { chunkSize: CHECKED });
        const first = (await it.next()).value;
        await it.return(undefined);
        return { points, origins: { ids: [], xs: first.xs, ys: first.ys } };
      },
      run(s) {
        const all = nearestAccessPoint(s.origins, s.points);
        const flags = new Uint8Array(s.origins.xs.length);
        ANGST.rules.forEach((rule, r) => {
          const keep = [];
          for (let k = 0; k < s.points.xs.length; k++) if (s.points.areaHa[k] >= rule.minAreaHa) keep.push(k);
          const sub = {
            xs: Float64Array.from(keep, (k) => s.points.xs[k]),
            ys: Float64Array.from(keep, (k) => s.points.ys[k]),
          };
          const d = nearestAccessPoint(s.origins, sub).distance;
          for (let i = 0; i < d.length; i++) if (d[i] <= rule.maxDistanceM) flags[i] |= 1 << r;
        });
        return { distance: Array.from(all.distance), meets: Array.from(flags) };
      },
      summarize: (r) => r,
      check(ours, theirs) {
        assertArrayClose('nearest access point distance vs flatbush', ours.head.distance, theirs.distance, {
          rel: 1e-9,
          abs: 1e-9,
        });
        // A flag can differ only where the distance equals the rule's limit to rounding: none expected.
        for (let i = 0; i < theirs.meets.length; i++)
          if (ours.head.meets[i] !== theirs.meets[i])
            throw new AgreementError(
              `ANGSt flags of address ${i}: ours ${ours.head.meets[i]} vs ${theirs.meets[i]}`,
            );
        const shares = ours.summary.rules
          .map((/** @type {any} */ r) => `${r.key} ${(100 * r.share).toFixed(1)} %`)
          .join(', ');
        return `first ${theirs.meets.length.toLocaleString('en-GB')} distances within 1e-9 and identical flags; all ${ours.summary.addresses.toLocaleString('en-GB')} addresses: ${shares}`;
      },
    },
  ],
  notes: [
    'The flatbush row runs on the first 100,000 addresses only (five k-NN searches each, in memory), to check agreement; its ratio is per address (its time against ours × 100,000 / 30,000,000).',
    'Throughput = addresses ÷ median time; peak memory is the whole process (the access-point grids, one 1M-address chunk and Node itself).',
    'Parallel runs: chunks are independent — a reader hands each chunk to a worker holding its own `AccessMatcher` (grids of ~150k points, a few MB) and the per-rule counts are summed; results do not depend on the split. Not yet wired into `streamAddressAccess`.',
  ],
};
