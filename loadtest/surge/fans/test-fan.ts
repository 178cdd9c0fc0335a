import type { RunningNode } from '../../../server/node';
import { FanHttp } from '../wire/fan-http';
import type { CrowdSettings, FanPlan } from './behaviour';
import { ConnectGate } from './connect-gate';
import { Fan, type FanEnvironment } from './fan';
import { FanMetrics } from './fan-metrics';
import { humanFan } from './human-fan';
import { Random } from './random';
import type { RunStop } from './run-stop';

/** For tests of the fan loop against a real node: one human fan, its pauses scaled to nothing. */

const crowd: CrowdSettings = {
  prequeueSeconds: 60,
  earlySeconds: 0,
  tailSeconds: 60,
  prequeueShare: 1,
  spikeShare: 0,
  connectBeforeT0: true,
  pollingShare: 0,
  bothShowsShare: 0,
  bestAvailableShare: 0,
  abandonShare: 0,
  thinkScale: 0,
  lingerSeconds: 0,
};

/** A signed-in fan of `saleId` on `node`, who wants `showIds`. */
export function testFan(
  node: RunningNode,
  saleId: string,
  token: string,
  stop: RunStop,
  showIds: string[] = [],
): Fan {
  const url = node.url as string;
  const env: FanEnvironment = {
    sale: { saleId, t0: Date.now() + 3_600_000, shows: [] },
    crowd,
    socketUrl: url.replace(/^http/, 'ws'),
    http: new FanHttp({ baseUrl: url, maxSockets: 2, timeoutMs: 10_000 }),
    shoppingHttp: new FanHttp({ baseUrl: url, maxSockets: 1, timeoutMs: 10_000 }),
    metrics: new FanMetrics(),
    connectGate: new ConnectGate(100, 10),
    stop,
    clockOffsetMs: { value: 0 },
  };
  const plan: FanPlan = {
    behaviour: humanFan.name,
    wave: 'prequeue',
    connectAtMs: -60_000,
    joinAtMs: -60_000,
    waitsByPolling: false,
    showIds,
    groupSize: 1,
    tierCode: '',
    bestAvailable: true,
    paymentMethod: 'card',
    staysWhenSoldOut: false,
    patience: 1,
  };
  const fan = new Fan(0, plan, humanFan, { token }, env, Random.forFan(1, 0));
  fan.token = token; // signed in, as Fan.run() does first
  return fan;
}
