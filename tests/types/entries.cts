// The CommonJS view of the entries' types (require condition, node16 resolution, <entry>.d.cts).
import verify = require('kassa/verify');
import forms = require('kassa/forms');
import client = require('kassa/client');
import testing = require('kassa/testing');

const mac: string = verify.hmacSha256Hex('key', 'message');
const isError: boolean = new Error('x') instanceof forms.KassaError;
const name: string = client.rbsOrderStatusName(client.RbsOrderStatus.Deposited);
const sig: string = testing.signCashierWebhook('{}', 'pem');
// @ts-expect-error: kassa/testing has no verifiers
new testing.RbsCallbackVerifier({ hmacKey: 'k' });
console.log(mac, isError, name, sig);
