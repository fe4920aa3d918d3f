// Deno entry of the redirect scenario: deno run --allow-net=127.0.0.1 redirect-deno.mjs <gatewayUrl>
import * as kassa from '../../pkg/deno.mjs';
import { scenario } from './redirect-scenario.mjs';

globalThis.KASSA_GATEWAY_URL = Deno.args[0];
console.log('KASSA_REDIRECT_RESULTS ' + JSON.stringify(await scenario(kassa)));
