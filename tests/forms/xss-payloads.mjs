// The XSS corpus of tests/forms/xss.test.mjs. Every payload, if it ever ran, would set the sentinel
// `window.kassaPwned`, open a dialog, or request /pwned on the merchant site (all three are watched),
// and on the strict-CSP test pages any injected markup or handler would also cause a CSP report.
// Sources of the shapes: the classic attribute/tag breakouts, mXSS parser differentials (noscript,
// comments, foreign content), URL-scheme tricks, and Unicode look-alikes/controls.
export const PAYLOADS = [
  '"><img src=x onerror="kassaPwned=1">',
  "'><img src=x onerror='kassaPwned=1'>",
  '" autofocus onfocus="kassaPwned=1" x="',
  "' autofocus onfocus='kassaPwned=1' x='",
  '` onmouseover=kassaPwned=1 x=`',
  'x onerror=kassaPwned=1',
  '"/><svg onload="kassaPwned=1">',
  '<script>kassaPwned=1</script>',
  '</script><script>kassaPwned=1</script>',
  '</form><script>kassaPwned=1</script><form>',
  '</noscript><img src=x onerror=kassaPwned=1>',
  '<noscript><p title="</noscript><img src=x onerror=kassaPwned=1>">',
  '<!--<img src="--><img src=x onerror=kassaPwned=1//">',
  '--!><img src=x onerror=kassaPwned=1>',
  '<svg><script>kassaPwned=1</script></svg>',
  '<svg/onload=kassaPwned=1>',
  '<math><mtext><table><mglyph><style><img src=x onerror=kassaPwned=1>',
  '<iframe srcdoc="<script>parent.kassaPwned=1</script>"></iframe>',
  '<iframe src="javascript:parent.kassaPwned=1"></iframe>',
  '<a href="javascript:kassaPwned=1" id=clickme>x</a>',
  'javascript:kassaPwned=1',
  'JaVaScRiPt:kassaPwned=1',
  'java\tscript:kassaPwned=1',
  'data:text/html,<script>kassaPwned=1</script>',
  '<object data="javascript:kassaPwned=1"></object>',
  '<embed src="javascript:kassaPwned=1">',
  '<base href="/pwned/">',
  '<meta http-equiv="refresh" content="0;url=/pwned">',
  '<link rel=stylesheet href=/pwned>',
  '<style>@import "/pwned";</style>',
  '<img src=/pwned>',
  '<form action="javascript:kassaPwned=1"><button id=b>go</button></form>',
  '<input autofocus onfocus=kassaPwned=1>',
  '<details open ontoggle=kassaPwned=1>',
  '<body onload=kassaPwned=1>',
  '<textarea></textarea><img src=x onerror=kassaPwned=1>',
  '<title></title><img src=x onerror=kassaPwned=1>',
  '<xmp></xmp><img src=x onerror=kassaPwned=1>',
  '<plaintext>',
  '&quot; onfocus=kassaPwned=1 autofocus x=&quot;',
  '&#34;&#62;<img src=x onerror=kassaPwned=1>',
  '&lt;script&gt;kassaPwned=1&lt;/script&gt;',
  '\u0022\u003e\u003cimg src=x onerror=kassaPwned=1\u003e',
  '\uff02\uff1e\uff1cimg src=x onerror=kassaPwned=1\uff1e',
  '\u202e>gmi<\u202c"><img src=x onerror=kassaPwned=1>',
  '\u2028\u2029"><img src=x onerror=kassaPwned=1>',
  '\u200b"\u200b><img src=x onerror=kassaPwned=1>',
  '"\n><img src=x onerror=kassaPwned=1>',
  '"\r\n\t><img src=x onerror=kassaPwned=1>',
  '"\u0000><img src=x onerror=kassaPwned=1>',
  '"\u001b><img src=x onerror=kassaPwned=1>',
  '${kassaPwned=1}',
  '{{constructor.constructor("kassaPwned=1")()}}',
  '"><img src=x onerror=alert(document.domain)>',
  '"><svg onload=fetch("/pwned")>',
  'Оплата "заказа" <№42> 💳👨‍👩‍👧 🇷🇺',
];

// The builders and renderings with a payload in every position. Plain JavaScript with no imports:
// the same module runs in Node and is served to the test page.

/** Calls `fn`; a KassaError counts as a refusal (returned as null); anything else is a bug. */
export function attempt(kassa, fn, refusals) {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof kassa.KassaError) || !/^[A-Z_]+$/.test(err.code)) throw new Error(`not a KassaError: ${err}`);
    refusals.push(err.code);
    return null;
  }
}

/** Every form the builders accept with payload `p` in every position. */
export function buildForms(k, p, refusals) {
  const forms = [
    () => k.cashierPaymentForm({ domain: 'example.com', externalOrderId: p, successUrl: 'https://shop.example/ok', fields: [[p, p], ['v', p]] }),
    () => k.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', successUrl: `https://shop.example/${p}` }),
    () => k.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', failUrl: `https://shop.example/?q=${p}` }),
    () => k.cashierPaymentForm({ domain: p, externalOrderId: '1' }),
    () => k.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', successUrl: p }),
    () => k.rbs3dsForm({ acsUrl: 'https://acs.example/auth', paReq: p, md: p, termUrl: 'https://gw.example/term' }),
    () => k.rbs3dsForm({ acsUrl: `https://acs.example/${p}`, paReq: 'x', md: 'y', termUrl: `https://gw.example/?${p}` }),
    () => k.rbs3dsForm({ acsUrl: p, paReq: 'x', md: 'y', termUrl: 'https://gw.example/' }),
    () => k.rbs3ds2ChallengeForm({ acsUrl: 'https://acs.example/creq', creq: p, threeDSSessionData: p }),
    () => k.rbs3ds2ChallengeForm({ acsUrl: `https://acs.example/c?${p}`, creq: 'x' }),
    () => k.rbs3dsMethodForm({ threeDSMethodURL: 'https://acs.example/m', threeDSMethodData: p }),
    () => k.rbs3dsMethodForm({ threeDSMethodURL: p, threeDSMethodData: 'x' }),
  ];
  return forms.map((f) => attempt(k, f, refusals)).filter(Boolean);
}

/** toHtml of `form` with payload `p` in each option (refused options are counted). */
export function renderings(k, form, p, refusals) {
  const out = [];
  for (const options of [undefined, { buttonLabel: p }, { target: p }, { autoSubmit: true, nonce: p }, { nonce: p }]) {
    const html = attempt(k, () => form.toHtml(options), refusals);
    if (html !== null) out.push(html);
  }
  return out;
}
