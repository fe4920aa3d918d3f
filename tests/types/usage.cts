// The CommonJS view of the types (require condition, kassa.d.cts).
import kassa = require('kassa');

const mac: string = kassa.hmacSha256Hex('key', 'message');
const isError: boolean = new Error('x') instanceof kassa.KassaError;
// @ts-expect-error: sha256Base64 takes one argument of a known type
kassa.sha256Base64(null);
console.log(mac, isError);
