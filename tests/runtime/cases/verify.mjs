// Runtime-matrix cases for notification verification (issue 3). Vectors: tests/vectors/README.md
// names every source — the RBS reference's HMAC (Java) and RSA SHA-512 (Java certificate, PHP key)
// examples, and a test-only 2048-bit key with a body signed by `openssl dgst -sha1 -sign`.
import { deepEqual, equal, ok, rejectsKassa, throwsKassa } from './assert.mjs';

const HMAC_KEY = "ooc7slpvc61k7sf7ma7p4hrefr";
const HMAC_QUERY = "checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972&mdOrder=06cf5599-3f17-7c86-bdbc-bd7d00a8b38b&operation=approved&orderNumber=2003&status=1";
const HMAC_CANONICAL = "mdOrder;06cf5599-3f17-7c86-bdbc-bd7d00a8b38b;operation;approved;orderNumber;2003;status;1;";
const JAVA_CERT = "MIICcTCCAdqgAwIBAgIGAWAnZt3aMA0GCSqGSIb3DQEBCwUAMHwxIDAeBgkqhkiG9w0BCQEWEWt6bnRlc3RAeWFuZGV4LnJ1MQswCQYDVQQGEwJSVTESMBAGA1UECBMJVGF0YXJzdGFuMQ4wDAYDVQQHEwVLYXphbjEMMAoGA1UEChMDUkJTMQswCQYDVQQLEwJRQTEMMAoGA1UEAxMDUkJTMB4XDTE3MTIwNTE2MDEyMFoXDTE4MTIwNTE2MDExOVowfDEgMB4GCSqGSIb3DQEJARYRa3pudGVzdEB5YW5kZXgucnUxCzAJBgNVBAYTAlJVMRIwEAYDVQQIEwlUYXRhcnN0YW4xDjAMBgNVBAcTBUthemFuMQwwCgYDVQQKEwNSQlMxCzAJBgNVBAsTAlFBMQwwCgYDVQQDEwNSQlMwgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBAJNgxgtWRFe8zhF6FE1C8s1t/dnnC8qzNN+uuUOQ3hBx1CHKQTEtZFTiCbNLMNkgWtJ/CRBBiFXQbyza0/Ks7FRgSD52qFYUV05zRjLLoEyzG6LAfihJwTEPddNxBNvCxqdBeVdDThG81zC0DiAhMeSwvcPCtejaDDSEYcQBLLhDAgMBAAEwDQYJKoZIhvcNAQELBQADgYEAfRP54xwuGLW/Cg08ar6YqhdFNGq5TgXMBvQGQfRvL7W6oH67PcvzgvzN8XCL56dcpB7S8ek6NGYfPQ4K2zhgxhxpFEDHPcgU4vswnhhWbGVMoVgmTA0hEkwq86CA5ZXJkJm6f3E/J6lYoPQaKatKF24706T6iH2htG4BkjregUA=";
const JAVA_QUERY = "amount=35000099&sign_alias=SHA-256+with+RSA&checksum=163BD9FAE437B5DCDAAC4EB5ECEE5E533DAC7BD2C8947B0719F7A8BD17C101EBDBEACDB295C10BF041E903AF3FF1E6101FF7DB9BD024C6272912D86382090D5A7614E174DC034EBBB541435C80869CEED1F1E1710B71D6EE7F52AE354505A83A1E279FBA02572DC4661C1D75ABF5A7130B70306CAFA69DABC2F6200A698198F8&mdOrder=12b59da8-f68f-7c8d-12b5-9da8000826ea&operation=deposited&status=1";
const PHP_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwtuGKbQ4WmfdV1gjWWys\n5jyHKTWXnxX3zVa5/Cx5aKwJpOsjrXnHh6l8bOPQ6Sgj3iSeKJ9plZ3i7rPjkfmw\nqUOJ1eLU5NvGkVjOgyi11aUKgEKwS5Iq5HZvXmPLzu+U22EUCTQwjBqnE/Wf0hnI\nwYABDgc0fJeJJAHYHMBcJXTuxF8DmDf4DpbLrQ2bpGaCPKcX+04POS4zVLVCHF6N\n6gYtM7U2QXYcTMTGsAvmIqSj1vddGwvNGeeUVoPbo6enMBbvZgjN5p6j3ItTziMb\nVba3m/u7bU1dOG2/79UpGAGR10qEFHiOqS6WpO7CuIR2tL9EznXRc7D9JZKwGfoY\n/QIDAQAB\n-----END PUBLIC KEY-----\n";
const PHP_QUERY = "mdOrder=12b59da8-f68f-7c8d-12b5-9da8000826ea&operation=deposited&amount=35000099&status=1&checksum=9524FD765FB1BABFB1F42E4BC6EF5A4B07BAA3F9C809098ACBB462618A9327539F975FEDB4CF6EC1556FF88BA74774342AF4F5B51BA63903BE9647C670EBD962467282955BD1D57B16935C956864526810870CD32967845EBABE1C6565C03F94FF66907CEDB54669A1C74AC1AD6E39B67FA7EF6D305A007A474F03B80FD6C965656BEAA74E09BB1189F4B32E622C903DC52843C454B7ACF76D6F76324C27767DE2FF6E7217716C19C530CA7551DB58268CC815638C30F3BCA3270E1FD44F63C14974B108E65C20638ECE2F2D752F32742FFC5077415102706FA5235D310D4948A780B08D1B75C8983F22F211DFCBF14435F262ADDA6A97BFEB6D332C3D51010B";
const RSA_CANONICAL = "amount;35000099;mdOrder;12b59da8-f68f-7c8d-12b5-9da8000826ea;operation;deposited;status;1;";
const TEST_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC/6QJiJSXXpEX2\nLGQHVZ6pA+KEiUseiqeLVy1PbAHVH7PuyBZ0V+1h9njc7zZ3gwQzO30OxFiuqtkT\nq0hi2wbJxWaW0yaBKqSSAvW7GaCWuAXXn2yA6eQcWszw6xhr1vf79jRT6FDvgHln\ndd4b0b0VTLfOsd+JDW7xvmvxBNyAGIDcIgPwBTKYZnNOFVe/kB4DBDbYgcKIL2mP\nJLYWihLejn2jThTsWz3hh2qb+P72wWgz7y/7lxsV5YGyBQEgAOCoNW9NxDdXvJc/\nZyNnYMiSRcVpi2LS5VP01Zg5r+k5zoMkw/Pc2VCGoNJw0m5qro7yfI37n8mZVky/\nXrwsYH+pAgMBAAECggEABSJNaUU/pCt1oK6S1XxlpHVhZbTLkOtaLJjeMjH8QZCZ\nznFFYoLoq5Z9qMFwhlV3swwsHg1EJxYUfRl3tAdSgOraQf4vmUSEBxDztHfsyyNs\nqpZN/4viSZznPym260mitDejsjv0kFeyR8GIOdvMUGnPQAUTqxW0KlzzA81ivb1+\nJ2Zn4q2SBx8L61cswqKaYbKuUWk0hyQM0LQRXBMde9Im0m41tIc+CEGrEj36KS/b\nAeiLe9hehZAhVV85oBnjVStXx4Op9u1FiHN5koLmmHwiwvVx0qCzRTKIYNZmm/pw\npS92H9T+Nytd3pHojUtGz9E2uXSUH2on7CcL8hhM9QKBgQD1THkqzirCw170kO5b\nBqwBE1y5RtP1DNqrq+CLS5XmF1ZLnVQZBmOxRSZMkVcoEYu8lhXF7YmyZNQ2C8SQ\nZloqFdtq/9DrTfKY8Htb78jy6TYevlAjddsIXb8mvOOObsHYTidYY7+mVwtqgbmD\n7tnidYcodAmx0HXku2cSfCVgnQKBgQDISElGxuSEryoFhtuOU5OxbOz0X/58EIvn\nuG2W7qh1NfOoPyL1LvIHQ2QGupKYVzVG5qqYikJb0NcNAkTSNxy9NPx3KnDMs0cG\nMnJwCv+r/Wx69dCUS/1Z83h7JLXy/pXd0MrGk9ccmd7Fy0h/t69ss9s3qAfA+uHj\n5noczNmvfQKBgQCZBWq05EXSl7P9lwfKKwBT73MxdVi2Dp2+6Aq8ept5HOfNZcjX\nj5/TLxL0Qtp++WsVav8MKOF0MugbCv5FIkRu6pGlTw5SK58B/0rFEHFn70m+pfQy\nGsxXjLu4+65s5PTx7dcnkZo1tyk8+M302qR7W9vDxZdioGtbE/j5lA5xFQKBgHhe\nEUPrJs2jZFLcALnh+uJn/2TDCHPRkfOagKp0FmQTH7Pe9gh6xVSeKNBucsoBp3BM\nEv0IIueBdK1Jzsiz/J6t6IlJxW8Q07+is+oogg4AiaDAeTGXFdVooOEJaBx46uLb\np/J+SYrT4vHmwVSYtWJUGYyyfK57WSUZkAwdBTsVAoGAfUcYO7CZrStCB88z8VSV\nBu/PLajRXV0o89102OsAkfGmIhHc3caIM+z++3EZnAfyu/QqomAcwLDnx9WkXMhB\nspddH2Mdoa9N5GSMSRAvmi9FxbSeqg7ja4m/XFHOdUV7pgjvdwz3UPlbdWcGqpkl\ne4A8osHDdKBfO8upTE4EAsw=\n-----END PRIVATE KEY-----\n";
const TEST_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv+kCYiUl16RF9ixkB1We\nqQPihIlLHoqni1ctT2wB1R+z7sgWdFftYfZ43O82d4MEMzt9DsRYrqrZE6tIYtsG\nycVmltMmgSqkkgL1uxmglrgF159sgOnkHFrM8OsYa9b3+/Y0U+hQ74B5Z3XeG9G9\nFUy3zrHfiQ1u8b5r8QTcgBiA3CID8AUymGZzThVXv5AeAwQ22IHCiC9pjyS2FooS\n3o59o04U7Fs94Ydqm/j+9sFoM+8v+5cbFeWBsgUBIADgqDVvTcQ3V7yXP2cjZ2DI\nkkXFaYti0uVT9NWYOa/pOc6DJMPz3NlQhqDScNJuaq6O8nyN+5/JmVZMv168LGB/\nqQIDAQAB\n-----END PUBLIC KEY-----\n";
const CASHIER_BODY = "{\"success\":true,\"description\":\"\",\"order\":{\"id\":1042,\"merchantOrderId\":\"shop-77\",\"status\":\"CHARGED\",\"paymentAmount\":150000,\"orderCurrency\":\"RUB\",\"description\":\"Заказ №77\"}}";
const CASHIER_SIG = "BJqFwkHbjP9sAryPj/xmbxXsPuXgUII9r9a0Q+MG2A7fI//efxDiSbG2KLsIOGVtH2yb/Ne7aPjDRPsSdfJfShI2I3VgjyHeKJprn2yv67yLUoQvaYBQbjKCJpuJ6mEfZ8LYX+a8yTbgQsyoNm+zTH6nN6aZXm7GV+DzihG4bv8UIJgt+ilMVKQOz+bcgrMdam3Z924iussyuaKmQhN7hg9gceuz9Ru6yB9V4bMPca6tU2cnArRBFM3CZrmVrXiOuEDzgOH5EPMzTDyGsVF0uhtMjIwnS+NizjY9xQ4BV28p0G87WdoHenUTpRjUjNdz4XV0TPWfdWP0MuAzikSxxw==";
const REFERENCE_CASHIER_KEY = "-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAtlD5ORxXDUgnnD9Ri2IB\nUcT2Ru1fMi9kub8errQdLaXdFRDZJ1mNHlMJx+CHkhM5GNkMmidAhPcYRs4h/yIb\nYLiRSsR+Zl6krjcrEvrTIZ1BySNAxEuCzWGFM27Ef01xNOSPEgtptAmop6vRuaiS\nha2vB5rHN1hSks1td/7xDcFG+C4cnDsTYp39rUvSSMtkW6FCbBoxNPrNOSlZGykx\nOFBhOYd/uOK4z/zFSy07f4rA32KNn3zJE5eb6tzNMRNa6lOL96x0OYzw/P6oaS5b\nsugVehAM1TGBCzm4Xmz1VZVBhxd3V7VoJuf/0C0W2Yfer+E/G0s3DDWmjzqhbvrc\nEb0y1kOZn4Z39jswv5Bkk8NyqHfNe0dE4pX+dSnfhC/9J5xFZy/CknclEM/0waY8\n36iYIy+MaRsQdWXjbvP1AVk/yq2RlXCaOnK7GPvxAP1qjcgt56cGUOks9H9X6lba\nPcJd+KDWde1aZZJLUpxu7JDIVTruDy/KrxDtJYi7Mz40Y6pnsKXzPHzVr0km9LI9\nzK1j24OS1RIbO2fMM9D2zNQnSUV//aR+/xb7W2UgL2L0GRl7nDzqQL2dLvStHG9O\nyUtnH5R/hPuIZqIDZx1N52F1JwArfDY0j9t5suAqN0VXJe2N77cYJ0x2LDeg+rLl\nKsdjLKRDtKpXormCUTs/V+0CAwEAAQ==\n-----END PUBLIC KEY-----\n";

const enc = new TextEncoder();

/** Counts calls to crypto.subtle.verify while `fn` runs, when the runtime lets us wrap it. */
async function countSubtleVerify(fn) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return { result: await fn(), calls: null };
  const original = subtle.verify;
  let calls = 0;
  try {
    subtle.verify = function (...args) { calls += 1; return original.apply(subtle, args); };
  } catch { return { result: await fn(), calls: null }; }
  if (subtle.verify === original) return { result: await fn(), calls: null };
  try {
    return { result: await fn(), calls };
  } finally {
    try { delete subtle.verify; } catch { /* frozen */ }
    if (subtle.verify !== original) subtle.verify = original;
  }
}

/** Runs `fn` with crypto.subtle.verify replaced by `fake` (skipped where the runtime forbids it). */
async function withSubtleVerify(fake, fn) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return false;
  const original = subtle.verify;
  try {
    subtle.verify = fake;
  } catch { return false; }
  if (subtle.verify !== fake) return false;
  try {
    await fn();
    return true;
  } finally {
    try { delete subtle.verify; } catch { /* frozen */ }
    if (subtle.verify !== original) subtle.verify = original;
  }
}

export default [
  {
    name: 'verify: RBS HMAC reference vector in every input form',
    run(kassa) {
      const v = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      const inputs = [
        'https://merchant.example/callback/?' + HMAC_QUERY,
        new URL('https://merchant.example/callback/?' + HMAC_QUERY),
        '?' + HMAC_QUERY,
        HMAC_QUERY,
        new URLSearchParams(HMAC_QUERY),
        Object.fromEntries(new URLSearchParams(HMAC_QUERY)),
        JSON.stringify(Object.fromEntries(new URLSearchParams(HMAC_QUERY))),
        [...new URLSearchParams(HMAC_QUERY)],
      ];
      const keys = new Set();
      for (const input of inputs) {
        const cb = v.verify(input);
        equal(cb.mdOrder, '06cf5599-3f17-7c86-bdbc-bd7d00a8b38b');
        equal(cb.orderNumber, '2003');
        equal(cb.operation, 'approved');
        equal(cb.status, '1');
        equal(cb.success, true);
        equal(cb.isPaymentSuccess, true);
        equal(cb.params.checksum, 'EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972');
        keys.add(cb.dedupeKey);
      }
      equal(keys.size, 1, 'one dedupeKey for every form of the same callback');
      equal(v.canonicalString(HMAC_QUERY), HMAC_CANONICAL);
      // Hex case does not matter.
      ok(v.verify(HMAC_QUERY.replace(/checksum=[0-9A-F]+/, (m) => m.toLowerCase())).success);
    },
  },
  {
    name: 'verify: RBS RSA SHA-512 reference vectors (certificate base64 and PEM), rotation by sign_alias',
    run(kassa) {
      const v = new kassa.RbsCallbackVerifier({
        publicKeys: [{ key: PHP_KEY, alias: 'current' }, { key: JAVA_CERT, alias: 'SHA-256 with RSA', hash: 'sha512' }],
      });
      for (const q of [JAVA_QUERY, PHP_QUERY]) {
        const cb = v.verify(q);
        equal(cb.amount, 35000099);
        equal(cb.operation, 'deposited');
        equal(cb.isPaymentSuccess, true);
        equal(v.canonicalString(q), RSA_CANONICAL);
      }
      throwsKassa(kassa, () => v.verify(PHP_QUERY.replace('35000099', '35000098')), 'SIGNATURE_MISMATCH');
      // A bare string key defaults to SHA-512.
      ok(new kassa.RbsCallbackVerifier({ publicKeys: [PHP_KEY] }).verify(PHP_QUERY).success);
      // The wrong hash for the key fails.
      const wrong = new kassa.RbsCallbackVerifier({ publicKeys: [{ key: PHP_KEY, hash: 'sha256' }] });
      throwsKassa(kassa, () => wrong.verify(PHP_QUERY), 'SIGNATURE_MISMATCH');
    },
  },
  {
    name: 'verify: check() never throws and reports code, reason and canonical',
    run(kassa) {
      const v = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      const good = v.check(HMAC_QUERY);
      equal(good.valid, true);
      equal(good.canonical, HMAC_CANONICAL);
      equal(good.callback.orderNumber, '2003');
      const bad = v.check(HMAC_QUERY.replace('orderNumber=2003', 'orderNumber=2004'));
      equal(bad.valid, false);
      equal(bad.code, 'SIGNATURE_MISMATCH');
      ok(bad.reason.includes('hmacKey'), bad.reason);
      equal(bad.canonical, HMAC_CANONICAL.replace('2003', '2004'));
      equal(bad.callback, undefined);
      const dup = v.check(HMAC_QUERY + '&status=0');
      deepEqual([dup.valid, dup.code], [false, 'DUPLICATE_PARAMETER']);
      const wrongType = v.check(42);
      deepEqual([wrongType.valid, wrongType.code], [false, 'INVALID_ARGUMENT']);
    },
  },
  {
    name: 'verify: every error code with a message that says what to check',
    run(kassa) {
      const hmac = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      ok(/checksum/.test(throwsKassa(kassa, () => hmac.verify('mdOrder=1&status=1'), 'MISSING_SIGNATURE').message));
      throwsKassa(kassa, () => hmac.verify('mdOrder=1&checksum=XYZ'), 'MALFORMED_SIGNATURE');
      throwsKassa(kassa, () => hmac.verify('a=%ZZ&checksum=00'), 'MALFORMED_PAYLOAD');
      // A percent escape is exactly two hex digits: a sign, a space or a lone digit is refused.
      for (const bad of ['%+1', '%-1', '% 1', '%1', '%']) {
        throwsKassa(kassa, () => hmac.verify(`a=${bad}&checksum=00`), 'MALFORMED_PAYLOAD');
        deepEqual([hmac.check(`b=1&a=${bad}&checksum=00`).code], ['MALFORMED_PAYLOAD']);
      }
      ok(hmac.verify(HMAC_QUERY), 'the verifier still works after the refusals');
      throwsKassa(kassa, () => hmac.verify('{"a":'), 'MALFORMED_PAYLOAD');
      throwsKassa(kassa, () => hmac.verify('status=0&status=1&checksum=00'), 'DUPLICATE_PARAMETER');
      throwsKassa(kassa, () => hmac.verify(HMAC_QUERY.replace('approved', 'deposited')), 'SIGNATURE_MISMATCH');
      throwsKassa(kassa, () => new kassa.RbsCallbackVerifier({ publicKeys: ['not a key'] }), 'MALFORMED_KEY');
      throwsKassa(kassa, () => new kassa.RbsCallbackVerifier({ publicKeys: [{ key: PHP_KEY, hash: 'md5' }] }), 'UNSUPPORTED_ALGORITHM');
      throwsKassa(kassa, () => new kassa.RbsCallbackVerifier({}), 'INVALID_ARGUMENT');
      const misuse = throwsKassa(kassa, () => hmac.verify(new Request('https://m.example/cb?' + HMAC_QUERY)), 'INVALID_ARGUMENT');
      ok(misuse.message.includes('verifyRequest'), misuse.message);
      const padded = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY + '\n' });
      ok(/whitespace/.test(throwsKassa(kassa, () => padded.verify(HMAC_QUERY), 'SIGNATURE_MISMATCH').message));
      const koshelek = new kassa.KoshelekPostbackVerifier({ login: 'partner', password: 'secret' });
      throwsKassa(kassa, () => koshelek.verify('Basic ' + btoa('partner:wrong'), '{}'), 'UNAUTHORIZED');
      throwsKassa(kassa, () => koshelek.verify(null, '{}'), 'UNAUTHORIZED');
    },
  },
  {
    name: 'verify: UTF-8 values, + as space, percent-decoding once (signRbsCallback round trip)',
    run(kassa) {
      const params = { mdOrder: 'a-1', orderNumber: 'Заказ №7', note: '100% + tax', empty: '', operation: 'deposited', status: '1' };
      const query = kassa.signRbsCallback(params, { hmacKey: 'k' });
      ok(query.includes('orderNumber=%D0%97%D0%B0%D0%BA%D0%B0%D0%B7+%E2%84%967'), query);
      const v = new kassa.RbsCallbackVerifier({ hmacKey: 'k' });
      const cb = v.verify(query);
      equal(cb.orderNumber, 'Заказ №7');
      equal(cb.params.note, '100% + tax');
      equal(cb.params.empty, '');
      equal(v.canonicalString(query), 'empty;;mdOrder;a-1;note;100% + tax;operation;deposited;orderNumber;Заказ №7;status;1;');
      // The reference's HMAC example, reproduced by the signing helper.
      const ref = kassa.signRbsCallback({ mdOrder: '06cf5599-3f17-7c86-bdbc-bd7d00a8b38b', operation: 'approved', orderNumber: '2003', status: '1' }, { hmacKey: HMAC_KEY });
      ok(ref.endsWith('checksum=EAF2FB72CAB99FD5067F4BA493DD84F4D79C1589FDE8ED29622F0F07215AA972'), ref);
    },
  },
  {
    name: 'verify: signRbsCallback with an RSA key and alias verifies with the public key',
    run(kassa) {
      const query = kassa.signRbsCallback(new URLSearchParams('mdOrder=m-9&operation=refunded&status=1&amount=500'), { privateKey: TEST_PRIVATE_KEY, alias: 'k2' });
      ok(query.endsWith('&sign_alias=k2'), query);
      const v = new kassa.RbsCallbackVerifier({ publicKeys: [{ key: PHP_KEY, alias: 'k1' }, { key: TEST_PUBLIC_KEY, alias: 'k2' }] });
      const cb = v.verify(query);
      equal(cb.operation, 'refunded');
      equal(cb.isPaymentSuccess, false, 'a refund is not a payment success');
      equal(cb.amount, 500);
      throwsKassa(kassa, () => kassa.signRbsCallback({ a: '1' }, { privateKey: TEST_PUBLIC_KEY }), 'MALFORMED_KEY');
    },
  },
  {
    name: 'verify: Mobile Cashier webhook (openssl-signed vector, signCashierWebhook, raw-body hint)',
    run(kassa) {
      equal(kassa.signCashierWebhook(CASHIER_BODY, TEST_PRIVATE_KEY), CASHIER_SIG, 'kassa signs like openssl');
      const v = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      for (const body of [CASHIER_BODY, enc.encode(CASHIER_BODY), enc.encode(CASHIER_BODY).buffer]) {
        const n = v.verify(body, CASHIER_SIG);
        equal(n.status, 'CHARGED');
        equal(n.isFinal, true);
        equal(n.isPaid, true);
        equal(n.orderId, '1042');
        equal(n.order.description, 'Заказ №77');
        equal(n.dedupeKey, 'cashier:1042:CHARGED');
      }
      const reserialised = JSON.stringify(JSON.parse(CASHIER_BODY), null, 2);
      const err = throwsKassa(kassa, () => v.verify(reserialised, CASHIER_SIG), 'SIGNATURE_MISMATCH');
      ok(err.message.includes('raw body'), err.message);
      throwsKassa(kassa, () => v.verify(CASHIER_BODY, null), 'MISSING_SIGNATURE');
      throwsKassa(kassa, () => v.verify(CASHIER_BODY, '%%%'), 'MALFORMED_SIGNATURE');
      const c = v.check(CASHIER_BODY, CASHIER_SIG);
      deepEqual([c.valid, c.notification.rawStatus], [true, 'CHARGED']);
      // A notification with SBP_ACCEPTED and an unknown status.
      const sbp = '{"order":{"id":5,"status":"SBP_ACCEPTED"}}';
      const n = v.verify(sbp, kassa.signCashierWebhook(sbp, TEST_PRIVATE_KEY));
      deepEqual([n.status, n.rawStatus, n.isFinal, n.isKnownStatus], ['IPS_ACCEPTED', 'SBP_ACCEPTED', true, true]);
      const later = '{"id":6,"status":"SOMETHING_NEW"}';
      const u = v.verify(later, kassa.signCashierWebhook(later, TEST_PRIVATE_KEY));
      deepEqual([u.status, u.isFinal, u.isKnownStatus], ['SOMETHING_NEW', false, false]);
    },
  },
  {
    name: 'verify: a Mobile Cashier notification\'s order is its body\'s order object (or the bare body itself), in verify, check and verifyAsync',
    async run(kassa) {
      const v = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      const sign = (body) => kassa.signCashierWebhook(body, TEST_PRIVATE_KEY);
      const keys = ['orderId', 'status', 'rawStatus', 'isFinal', 'isKnownStatus', 'isPaid', 'order', 'body', 'dedupeKey'];
      const cases = [
        // [body, wrapped, orderId]
        [CASHIER_BODY, true, '1042'],
        ['{"id":6,"status":"PAID","x":[1,{"y":"Заказ"}],"order":"not an object"}', false, '6'],
        ['{"order":{"id":1},"order":{"id":2,"status":"PAID"}}', true, '2'],
        ['{"ord\\u0065r":{"id":3,"status":"PAID"}}', true, '3'],
        ['{"__proto__":{"id":9},"id":4,"status":"PAID"}', false, '4'],
      ];
      for (const [body, wrapped, id] of cases) {
        const sig = sign(body);
        const parsed = JSON.parse(body);
        const answers = [v.verify(body, sig), v.check(body, sig).notification, await v.verifyAsync(body, sig),
          v.verify(enc.encode(body), sig)];
        for (const n of answers) {
          deepEqual(Object.keys(n), keys, body);
          equal(n.orderId, id, body);
          deepEqual(n.body, parsed, body);
          ok(n.order === (wrapped ? n.body.order : n.body), `${body}: order is the body's own object`);
          ok(n.order !== null && typeof n.order === 'object', body);
          equal(Object.getPrototypeOf(n.body), Object.prototype, body);
          equal(JSON.stringify(n), JSON.stringify({ ...n, order: wrapped ? parsed.order : parsed, body: parsed }), body);
        }
        const c = v.check(body, sig);
        equal(c.valid, true, body);
        ok(c.notification.order === (wrapped ? c.notification.body.order : c.notification.body), body);
      }
      // A failed check has no notification to link.
      const bad = v.check(CASHIER_BODY, sign('{"id":1}'));
      deepEqual([bad.valid, bad.code, bad.notification], [false, 'SIGNATURE_MISMATCH', undefined]);
    },
  },
  {
    name: 'verify: CashierWebhookVerifier defaults to CASHIER_PUBLIC_KEY, the key in the reference',
    run(kassa) {
      equal(kassa.CASHIER_PUBLIC_KEY, REFERENCE_CASHIER_KEY);
      const v = new kassa.CashierWebhookVerifier();
      // A 2048-bit signature cannot be from the 4096-bit reference key.
      const err = throwsKassa(kassa, () => v.verify(CASHIER_BODY, CASHIER_SIG), 'MALFORMED_SIGNATURE');
      ok(err.message.includes('4096'), err.message);
      const sig512 = btoa(String.fromCharCode(...new Uint8Array(512)));
      throwsKassa(kassa, () => v.verify(CASHIER_BODY, sig512), 'SIGNATURE_MISMATCH');
    },
  },
  {
    name: 'verify: Koshelek postback with Basic auth, unknown fields kept',
    run(kassa) {
      const v = new kassa.KoshelekPostbackVerifier({ login: 'partner', password: 'пароль:1' });
      const auth = 'Basic ' + btoa(String.fromCharCode(...enc.encode('partner:пароль:1')));
      const p = v.verify(auth, '{"transactionId":"t-77","status":"PAID","future":{"x":1}}');
      equal(p.transactionId, 't-77');
      equal(p.status, 'PAID');
      equal(p.body.future.x, 1);
      equal(p.dedupeKey, 'koshelek:t-77:PAID');
      const bad = v.check('Basic ' + btoa('partner:other'), '{}');
      deepEqual([bad.valid, bad.code], [false, 'UNAUTHORIZED']);
      throwsKassa(kassa, () => v.verify(auth, 'not json'), 'MALFORMED_PAYLOAD');
    },
  },
  {
    name: 'verify: verifyAsync (RSA through WebCrypto where present) agrees with verify',
    async run(kassa) {
      const v = new kassa.RbsCallbackVerifier({ publicKeys: [PHP_KEY, JAVA_CERT], hmacKey: HMAC_KEY });
      const { result, calls } = await countSubtleVerify(async () => [await v.verifyAsync(PHP_QUERY), await v.verifyAsync(JAVA_QUERY)]);
      equal(result[0].amount, 35000099);
      equal(result[1].amount, 35000099);
      if (calls !== null) ok(calls >= 2, `WebCrypto verify used (${calls} calls)`);
      equal((await v.verifyAsync(HMAC_QUERY)).orderNumber, '2003');
      await rejectsKassa(kassa, v.verifyAsync(PHP_QUERY.replace('deposited', 'approved')), 'SIGNATURE_MISMATCH');
      await rejectsKassa(kassa, v.verifyAsync('a=1&a=2'), 'DUPLICATE_PARAMETER');
      const c = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      equal((await c.verifyAsync(enc.encode(CASHIER_BODY), CASHIER_SIG)).status, 'CHARGED');
      const err = await rejectsKassa(kassa, c.verifyAsync(CASHIER_BODY + ' ', CASHIER_SIG), 'SIGNATURE_MISMATCH');
      ok(err.message.includes('raw body'), err.message);
    },
  },
  {
    // After a verifier's first call its WebCrypto keys are imported, and verifyAsync starts the
    // platform's verification at once (src/wasm/webcrypto.rs, run_then_now): the same answers.
    name: 'verify: verifyAsync once keys are imported: the next key after a mismatch, errors as rejections, untrustworthy WebCrypto answers',
    async run(kassa) {
      // Two 2048-bit keys, no sign_alias: the test key is tried first, then the PHP reference key.
      const v = new kassa.RbsCallbackVerifier({ publicKeys: [TEST_PUBLIC_KEY, PHP_KEY] });
      for (let i = 0; i < 3; i++) equal((await v.verifyAsync(PHP_QUERY)).amount, 35000099);
      const { result, calls } = await countSubtleVerify(() => v.verifyAsync(PHP_QUERY));
      equal(result.orderNumber, undefined);
      equal(result.mdOrder, '12b59da8-f68f-7c8d-12b5-9da8000826ea');
      if (calls !== null) equal(calls, 2, 'both keys asked, in order');
      for (let i = 0; i < 2; i++) {
        const e = await rejectsKassa(kassa, v.verifyAsync(PHP_QUERY.replace('deposited', 'approved')), 'SIGNATURE_MISMATCH');
        ok(e.message.includes('2 key(s) tried'), e.message);
      }
      const p = v.verifyAsync(PHP_QUERY.replace('checksum=95', 'checksum=zz'));
      ok(p instanceof Promise, 'a bad argument is a rejected promise, not a throw');
      await rejectsKassa(kassa, p, 'MALFORMED_SIGNATURE');
      const c = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      for (let i = 0; i < 3; i++) equal((await c.verifyAsync(CASHIER_BODY, CASHIER_SIG)).status, 'CHARGED');
      await rejectsKassa(kassa, c.verifyAsync(CASHIER_BODY + ' ', CASHIER_SIG), 'SIGNATURE_MISMATCH');
      await rejectsKassa(kassa, c.verifyAsync(CASHIER_BODY, CASHIER_SIG.slice(4)), 'MALFORMED_SIGNATURE');
      // A verification that rejects, throws, returns no promise or answers something other than
      // a boolean is verified in wasm instead: the answer stays the signature's.
      const fakes = [() => Promise.reject(new Error('refused')), () => { throw new Error('thrown'); }, () => Promise.resolve('yes'),
        () => Promise.resolve(1), () => undefined, () => 'no', () => ({ then() { throw new Error('hostile thenable'); } }),
        () => { const p = Promise.resolve(true); Object.defineProperty(p, 'constructor', { get() { throw new Error('tampered'); } }); return p; }];
      for (const fake of fakes) {
        await withSubtleVerify(fake, async () => {
          equal((await v.verifyAsync(PHP_QUERY)).amount, 35000099);
          await rejectsKassa(kassa, v.verifyAsync(PHP_QUERY.replace('deposited', 'approved')), 'SIGNATURE_MISMATCH');
          equal((await c.verifyAsync(CASHIER_BODY, CASHIER_SIG)).status, 'CHARGED');
          await rejectsKassa(kassa, c.verifyAsync(CASHIER_BODY + ' ', CASHIER_SIG), 'SIGNATURE_MISMATCH');
        });
      }
      // Freed while its verifications are pending (first call and fast path): they still settle
      // with their answers; the freed object refuses further calls; the module stays usable.
      const f = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      const first = f.verifyAsync(CASHIER_BODY, CASHIER_SIG);
      equal((await first).status, 'CHARGED');
      // (the rejection is handled at once: a rejection left unhandled while another is awaited
      // would stop Node)
      const pending = f.verifyAsync(CASHIER_BODY, CASHIER_SIG);
      const mismatch = rejectsKassa(kassa, f.verifyAsync(CASHIER_BODY + ' ', CASHIER_SIG), 'SIGNATURE_MISMATCH');
      f.free();
      equal((await pending).status, 'CHARGED');
      await mismatch;
      await rejectsKassa(kassa, f.verifyAsync(CASHIER_BODY, CASHIER_SIG), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => f.verify(CASHIER_BODY, CASHIER_SIG), 'INVALID_ARGUMENT');
      const g = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      const beforeImport = g.verifyAsync(CASHIER_BODY, CASHIER_SIG);
      g.free();
      equal((await beforeImport).status, 'CHARGED');
      equal((await c.verifyAsync(CASHIER_BODY, CASHIER_SIG)).status, 'CHARGED');
      // No RSA job (HMAC): answered without WebCrypto.
      const h = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      const counted = await countSubtleVerify(() => h.verifyAsync(HMAC_QUERY));
      equal(counted.result.orderNumber, '2003');
      if (counted.calls !== null) equal(counted.calls, 0);
      await rejectsKassa(kassa, h.verifyAsync(HMAC_QUERY.replace('approved', 'deposited')), 'SIGNATURE_MISMATCH');
    },
  },
  {
    name: 'verify: verifyRequest reads a clone of a Fetch Request (GET, POST form, POST JSON, Cashier, Koshelek)',
    async run(kassa) {
      const v = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      equal((await v.verifyRequest(new Request('https://m.example/cb?' + HMAC_QUERY))).orderNumber, '2003');
      const form = new Request('https://m.example/cb', { method: 'POST', body: HMAC_QUERY, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      equal((await v.verifyRequest(form)).operation, 'approved');
      equal(await form.text(), HMAC_QUERY, 'the handler can still read the body');
      const json = JSON.stringify(Object.fromEntries(new URLSearchParams(HMAC_QUERY)));
      const jreq = new Request('https://m.example/cb', { method: 'POST', body: json, headers: { 'content-type': 'application/json' } });
      equal((await v.verifyRequest(jreq)).status, '1');
      await rejectsKassa(kassa, v.verifyRequest(new Request('https://m.example/cb?mdOrder=1')), 'MISSING_SIGNATURE');
      await rejectsKassa(kassa, v.verifyRequest({}), 'INVALID_ARGUMENT');
      const c = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      const creq = new Request('https://m.example/hook', { method: 'POST', body: CASHIER_BODY, headers: { 'payment-sign': CASHIER_SIG, 'content-type': 'application/json' } });
      equal((await c.verifyRequest(creq)).orderId, '1042');
      equal((await creq.json()).order.id, 1042);
      await rejectsKassa(kassa, c.verifyRequest(new Request('https://m.example/hook', { method: 'POST', body: CASHIER_BODY })), 'MISSING_SIGNATURE');
      const k = new kassa.KoshelekPostbackVerifier({ login: 'l', password: 'p' });
      const kreq = new Request('https://m.example/pb', { method: 'POST', body: '{"transactionId":"9","status":"DONE"}', headers: { authorization: 'Basic ' + btoa('l:p') } });
      equal((await k.verifyRequest(kreq)).transactionId, '9');
      await rejectsKassa(kassa, k.verifyRequest(new Request('https://m.example/pb', { method: 'POST', body: '{}' })), 'UNAUTHORIZED');
    },
  },
  {
    name: 'verify: hostile input ends in a verdict or KassaError, limits refuse early, the instance stays usable',
    async run(kassa) {
      const v = new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY });
      const c = new kassa.CashierWebhookVerifier({ publicKey: TEST_PUBLIC_KEY });
      const boom = () => { throw new Error('hostile'); };
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const hostile = [
        undefined, null, 1, NaN, true, 10n, Symbol('s'), boom, [], [[1]], { a: {} }, { a: NaN }, { mdOrder: 1, status: 1, checksum: 7 },
        { get mdOrder() { throw new Error('g'); } }, new Proxy({}, { ownKeys: boom }), new Proxy({}, { get: boom }), revoked.proxy,
        { [Symbol.iterator]: boom }, { [Symbol.iterator]: () => ({ next: boom }) }, { *[Symbol.iterator]() { for (;;) yield ['a', 'b']; } },
        new Uint16Array(2), new DataView(new ArrayBuffer(2)), '\uD800',
      ];
      for (let i = 0; i < 2500; i++) {
        const h = hostile[i % hostile.length];
        const r = v.check(h);
        equal(r.valid, false);
        ok(typeof r.code === 'string', 'a code');
        const n = c.check(h, h);
        equal(n.valid, false);
      }
      throwsKassa(kassa, () => v.verify({ a: NaN }), 'MALFORMED_PAYLOAD');
      await rejectsKassa(kassa, v.verifyAsync(revoked.proxy), 'INVALID_ARGUMENT');
      await rejectsKassa(kassa, v.verifyRequest(revoked.proxy), 'INVALID_ARGUMENT');
      // Limits: by length before any copy; a streamed body is cut at the limit.
      equal(v.check('a'.repeat(2 * 1024 * 1024)).code, 'PAYLOAD_TOO_LARGE');
      equal(c.check(new Uint8Array(2 * 1024 * 1024), 'AAAA').code, 'PAYLOAD_TOO_LARGE');
      equal(new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY, maxParameters: 3 }).check(HMAC_QUERY + '&x=1').code, 'TOO_MANY_PARAMETERS');
      throwsKassa(kassa, () => new kassa.RbsCallbackVerifier({ publicKeys: Array(17).fill(TEST_PUBLIC_KEY) }), 'TOO_MANY_KEYS');
      throwsKassa(kassa, () => new kassa.RbsCallbackVerifier({ hmacKey: 'k', maxPayloadBytes: -1 }), 'INVALID_ARGUMENT');
      let pulled = 0;
      const stream = new ReadableStream({ pull(ctl) { pulled += 1; ctl.enqueue(new Uint8Array(256 * 1024)); } });
      const big = new Request('https://m.example/hook', { method: 'POST', body: stream, duplex: 'half', headers: { 'payment-sign': CASHIER_SIG } });
      await rejectsKassa(kassa, c.verifyRequest(big), 'PAYLOAD_TOO_LARGE');
      ok(pulled <= 8, `read ${pulled} chunks of 256 KiB, not the whole stream`);
      // The re-split of a declined callback whose orderNumber holds ';'.
      const genuine = kassa.signRbsCallback({ mdOrder: 'm', operation: 'deposited', orderNumber: '42;status;1;zzz', status: '0' }, { hmacKey: HMAC_KEY });
      const checksum = new URLSearchParams(genuine).get('checksum');
      const forged = { mdOrder: 'm', operation: 'deposited', orderNumber: '42', status: '1', zzz: 'status;0', checksum };
      equal(v.check(forged).code, 'AMBIGUOUS_PARAMETERS');
      equal(v.check(genuine).code, 'AMBIGUOUS_PARAMETERS');
      equal(new kassa.RbsCallbackVerifier({ hmacKey: HMAC_KEY, allowSemicolons: true }).verify(genuine).status, '0');
      // Still usable.
      equal(v.verify(HMAC_QUERY).orderNumber, '2003');
      equal(c.verify(CASHIER_BODY, CASHIER_SIG).orderId, '1042');
      equal(typeof kassa.version(), 'string');
    },
  },
];
