// Type-checked by fresh-install.test.mjs in a project with both tarballs installed (strict tsc):
// the declarations of kassa-sandbox as a user's test sees them. `@ts-expect-error` lines fail the
// check when the types are too loose.
import { createSandbox, IN_PROCESS_PORT, type Sandbox, type SandboxNotification } from 'kassa-sandbox';
import { RbsClient, RbsCallbackVerifier } from 'kassa';

export async function usage(): Promise<number> {
  const received: Request[] = [];
  const sandbox: Sandbox = await createSandbox({
    callbackIntervalMs: 100,
    timers: 'manual',
    now: () => Date.now(),
    deliver: async (request) => {
      received.push(request);
      return new Response('OK');
    },
  });
  const m = sandbox.config.rbs.merchants.find((x) => x.name === 'hmac')!;
  const rbs = new RbsClient({ baseUrl: sandbox.config.rbs.baseUrl, userName: m.userName, password: m.password, fetch: sandbox.fetch });
  await rbs.register({ orderNumber: '1', amount: 1000, returnUrl: 'http://127.0.0.1:9/back' });
  const response: Response = await sandbox.fetch('/__admin/config');
  const sent: SandboxNotification[] = await sandbox.notifications({ gateway: 'rbs' });
  await sandbox.faults.add({ endpoint: 'register.do', kind: 'close_after' });
  await sandbox.advance(30_000);
  const verifier = new RbsCallbackVerifier({ hmacKey: sandbox.config.rbs.hmacKey });
  if (received[0]) await verifier.verifyRequest(received[0]);
  sandbox.close();
  // @ts-expect-error: timers is 'real' | 'manual'
  await createSandbox({ timers: 'fast' });
  // @ts-expect-error: an unknown fault kind
  await sandbox.faults.add({ endpoint: '*', kind: '418' });
  return response.status + sent.length + IN_PROCESS_PORT + sandbox.config.cashier.tspId;
}
