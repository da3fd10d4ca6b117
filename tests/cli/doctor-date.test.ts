/**
 * The server's `Date` header is outside bytes: whatever it holds, the clock check never throws and gives either no
 * reading or a whole number of seconds (property test), and a real date an hour ahead reads as about 3600 s.
 */
import fc from 'fast-check';
import { dateRecordingFetch } from '../../src/cli/doctor-checks';

const answering = (date: string): typeof fetch => async () => new Response('', { headers: { date } });

it('any Date header: no throw; null or a whole number of seconds', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: fc.constantFrom(...' 0123456789:,+-GMTUTCZMonDecJan'.split('')), maxLength: 60 }), async (date) => {
      const clock = dateRecordingFetch(answering(date));
      await clock.fetch('http://127.0.0.1/');
      const skew = clock.skewSeconds();
      expect(skew === null || Number.isInteger(skew)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

it('a server clock an hour ahead reads as about +3600 s; only the first answer counts', async () => {
  const ahead = new Date(Date.now() + 3600_000).toUTCString();
  let calls = 0;
  const clock = dateRecordingFetch(async () => new Response('', { headers: { date: calls++ === 0 ? ahead : new Date().toUTCString() } }));
  await clock.fetch('http://127.0.0.1/');
  await clock.fetch('http://127.0.0.1/');
  expect(Math.abs(clock.skewSeconds()! - 3600)).toBeLessThanOrEqual(2);
});
