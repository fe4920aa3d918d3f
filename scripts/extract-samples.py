#!/usr/bin/env python3
"""Extracts every request and response sample printed in the three gateway references into data
files under tests/samples/ (one JSON file per gateway), each sample with its endpoint, its kind
(request, response, or fragment: a printed part of a request, such as a clientBrowserInfo block),
the reference line it starts on, the label printed before it, and the sample itself (for form
samples also the parsed pairs, in order).

    python3 scripts/extract-samples.py [API_DOCS_DIR]        # writes tests/samples/*.json
    python3 scripts/extract-samples.py --check [API_DOCS_DIR] # exits 1 if the files would change

API_DOCS_DIR defaults to ../shared/api-docs (the references: rbs-payment-gateway-api.txt,
mobile-cashier-api.txt, koshelek-pay-api-v1.openapi.yaml).

A sample that does not parse is an error (exit status 1, naming the reference and line) unless
tests/samples/fixes.json holds a fix for it: the printed text (which must still be what the
reference prints, so a changed reference is noticed), the fixed text, and what was fixed. A fixed
sample carries `fixed` (what was fixed) and `printed` (the text as printed) in the data file.
A fix that no sample used is an error too, so the run is reproducible.
"""
import json
import os
import re
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "samples")
errors = []
used_fixes = set()
failing = []  # with --failing FILE: written there, to start a fix from


def load_fixes():
    with open(os.path.join(OUT, "fixes.json"), encoding="utf-8") as f:
        data = json.load(f)
    return {f"{x['reference']}:{x['line']}": x for x in data["fixes"]}


FIXES = {}


def parse_json(reference, line, text, sample):
    """Parses a JSON sample, applying a committed fix when the printed text does not parse."""
    try:
        sample["json"] = json.loads(text)
        return True
    except ValueError as e:
        fix = FIXES.get(f"{reference}:{line}")
        if fix is None:
            failing.append({"reference": reference, "line": line, "printed": text})
            errors.append(f"{reference} line {line}: the sample does not parse as JSON ({e}); "
                          f"add a fix to tests/samples/fixes.json")
            return False
        if fix["printed"] != text:
            errors.append(f"{reference} line {line}: the printed text is not the one "
                          f"tests/samples/fixes.json fixes (the reference changed?)")
            return False
        used_fixes.add(f"{reference}:{line}")
        sample["json"] = json.loads(fix["fixed"])
        sample["fixed"] = fix["what"]
        sample["printed"] = text
        return True


# --------------------------------------------------------------------------------------------
# RBS: rbs-payment-gateway-api.txt (plain text rendered from HTML; samples are curl commands and
# JSON objects, often glued to the next heading on the same line).

RBS = "rbs-payment-gateway-api.txt"
RBS_URL = re.compile(r"https://vtb\.rbsuat\.com/payment/((?:rest/)?[\w/]+\.do)")
LABEL = re.compile(r"(Response example|Response examples|Example of|Request example|Examples?\b)")


def rbs_sections(lines):
    """(line index, endpoint) of each section intro: 'The request used ... is https://.../X.do'."""
    out = []
    for i, l in enumerate(lines):
        if l.startswith("curl") or l.startswith("--") or '"' in l:
            continue
        m = RBS_URL.search(l)
        if m and re.search(r"request|method|\buse\b", l, re.I) and not re.match(r"https://\S+$", l):
            out.append((i, m.group(1).removeprefix("rest/")))
    return out


def section_of(sections, i):
    found = None
    for start, ep in sections:
        if start <= i:
            found = ep
    return found


def curl_tokens(text):
    """Splits a curl command like a shell would (quotes, backslash-newlines), keeping unquoted
    values whose braces are unbalanced (the reference prints `--data orderBundle={` over many
    lines) in one token. Returns (tokens, rest): rest is the text glued after the last token."""
    toks = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n":
            i += 1
            continue
        if c == "\\" and i + 1 < n and text[i + 1] in "\\\n":
            i += 1
            continue
        tok = ""
        depth = 0
        while i < n:
            c = text[i]
            if c == "'":
                j = text.find("'", i + 1)
                if j < 0:
                    j = n
                first_line = text[i + 1:j].split("\n", 1)[0]
                m = LABEL.search(first_line)
                if "\n" in text[i + 1:j] and m:
                    # An unterminated quote with the next heading glued on (line 5244).
                    tok += first_line[: m.start()]
                    toks.append(tok)
                    return toks, first_line[m.start():]
                if text.startswith("{", i + 1):
                    b = balanced_end(text, i + 1)
                    if b < j and "\n" in text[b:j]:
                        # An unterminated quote: the value ends with its braces.
                        tok += text[i + 1:b]
                        i = b
                        continue
                tok += text[i + 1:j]
                depth += text[i + 1:j].count("{") - text[i + 1:j].count("}")
                i = j + 1
                continue
            if c in " \t\n" and depth <= 0:
                break
            if c == "}" and depth == 1 and "{" in tok:
                # A braced unquoted value ends with its braces ('orderBundle={...}Request').
                tok += c
                i += 1
                if i < n and text[i] not in " \t\n\\":
                    toks.append(tok)
                    return toks, text[i:].split("\n", 1)[0]
                depth = 0
                continue
            if c == "\\" and i + 1 < n and text[i + 1] in "\\\n" and depth <= 0:
                break
            depth += (c == "{") - (c == "}")
            tok += c
            i += 1
        toks.append(tok)
    return toks, ""


def split_label(value):
    """A value glued to the next heading ('language=enResponse example'): (value, label)."""
    m = LABEL.search(value)
    if m and m.start() > 0:
        return value[: m.start()], value[m.start():]
    if value.endswith("{") and "={" not in value:
        return value[:-1], "{"
    return value, ""


def balanced_end(text, start):
    """The index just past the '}' that balances the '{' at text[start]."""
    depth = 0
    for p in range(start, len(text)):
        depth += (text[p] == "{") - (text[p] == "}")
        if depth == 0:
            return p + 1
    return len(text)


def rbs_curl_block(lines, i):
    """The lines of the curl command starting at line i: the command goes on while a line ends
    with a backslash or the next starts with '--', and through a quoted or braced value. A quoted
    JSON body whose closing quote is missing (line 5835) ends where its braces balance."""
    j = i + 1
    quote = False
    braces = 0
    for c in lines[i]:
        if c == "'":
            quote = not quote
    while j < len(lines):
        prev = lines[j - 1].rstrip()
        cur = lines[j]
        if quote or braces > 0 or prev.endswith("\\") or cur.startswith("--"):
            if cur.startswith("--data") and cur.count("'") % 2 == 1 and LABEL.search(cur.split("'", 1)[1]):
                # An unterminated quote with the next heading glued on (line 5244).
                return j + 1
            if cur.startswith("--data") and ("={" in cur or "'{" in cur):
                braces = cur.count("{") - cur.count("}")
                quote = cur.count("'") % 2 == 1
            else:
                if braces > 0:
                    braces += cur.count("{") - cur.count("}")
                if cur.count("'") % 2:
                    quote = not quote
            j += 1
            if braces <= 0 and quote and "{" in "\n".join(lines[i:j]) and cur.startswith("}"):
                # The braces balanced but the quote never closed.
                quote = False
                break
            continue
        break
    return j


def rbs_request(lines, i, j, endpoint, prev_label=""):
    text = "\n".join(lines[i:j])
    last = lines[j - 1]
    # An unquoted last value glued to the next heading ('--data qrId=...Example of a success
    # response') or to a JSON answer ('--data language=en{').
    if last.count("'") == 0 and last.startswith("--"):
        m = LABEL.search(last)
        brace = last.find("{") if "={" not in last else -1
        cut = min(x for x in (m.start() if m else -1, brace, len(last)) if x >= 0)
        if cut < len(last):
            text = text[: len(text) - (len(last) - cut)]
            last_label = last[cut:]
        else:
            last_label = ""
    else:
        last_label = ""
    # The heading glued after the command (after the closing quote, or after an unquoted value).
    label = ""
    # The closing quote of the last value, followed by glued text on the last line.
    tail = re.search(r"'([^'\\]*)$", last) if text.count("'") % 2 == 0 and "'" in last else None
    if tail and tail.group(1).strip():
        label = tail.group(1)
        text = text[: len(text) - len(label)]
    toks, rest = curl_tokens(text)
    if rest:
        label = rest
    if last_label:
        label = last_label
    if not label and toks:
        toks[-1], label = split_label(toks[-1])
    s = {"gateway": "rbs", "kind": "request", "line": i + 1, "endpoint": endpoint, "method": "POST"}
    headers, pairs, body_parts, raw_json = {}, [], [], None
    k = 1
    while k < len(toks):
        t = toks[k]
        v = toks[k + 1] if k + 1 < len(toks) else ""
        if t in ("--request", "-X"):
            s["method"] = v
            k += 2
            if v == "GET" and k < len(toks) and not toks[k].startswith("-"):
                s["url"] = toks[k]
                k += 1
            continue
        if t == "--url":
            s["url"] = v
            k += 2
            continue
        if t == "--location":
            if v.startswith("http"):
                s["url"] = v
                k += 2
            else:
                k += 1
            continue
        if t == "--header":
            name, _, value = v.partition(":")
            headers[name.strip()] = value.strip()
            k += 2
            continue
        if t in ("--data", "--data-raw", "--data-urlencode"):
            if v.lstrip().startswith("{"):
                raw_json = v
            else:
                parts = v.split("&") if (v.count("=") > 1 and "{" not in v) else [v]
                for part in parts:
                    name, _, value = part.partition("=")
                    pairs.append([name, value])
                    if t == "--data-urlencode":
                        body_parts.append(name + "=" + urllib.parse.quote(value, safe=""))
                    else:
                        body_parts.append(part)
            k += 2
            continue
        if t.startswith("http"):
            s["url"] = t
        k += 1
    url = s.get("url", "")
    m = RBS_URL.search(url)
    s["path"] = m.group(1) if m else None
    in_examples = any(re.match(r"\}?(Request example|Example of|Examples$)", lines[k])
                      for k in range(max(0, i - 3), i))
    if s["path"] and (endpoint is None or not in_examples):
        # Outside a section's examples (line 96: the signature example; line 6163: "Make use of
        # returnUrl") the sample belongs to the endpoint of its URL.
        s["endpoint"] = endpoint = s["path"].removeprefix("rest/")
    if s["path"] and s["path"].removeprefix("rest/") != endpoint:
        s["note"] = (f"the curl URL says {s['path']}; the section is {endpoint}")
    ct = next((v for h, v in headers.items() if h.lower() == "content-type"), None)
    s["contentType"] = ct
    other = {h: v for h, v in headers.items() if h.lower() != "content-type"}
    if other:
        s["headers"] = other
    s["text"] = text.strip()
    if raw_json is not None:
        s["body"] = raw_json
        parse_json(RBS, i + 1, raw_json, s)
        if "json" in s:
            s["body"] = json.dumps(s["json"], ensure_ascii=False)
    else:
        s["form"] = pairs
        s["body"] = "&".join(body_parts)
    s["label"] = (prev_label or (lines[i - 1] if i > 0 else "")).strip().lstrip("}")
    return s, label


def rbs_json_block(lines, i, start_col):
    """The balanced {...} starting at column start_col of line i: (text, end line, glued tail)."""
    buf = []
    depth = 0
    j = i
    col = start_col
    while j < len(lines):
        seg = lines[j][col:]
        for p, c in enumerate(seg):
            depth += (c == "{") - (c == "}")
            if depth == 0:
                buf.append(seg[: p + 1])
                return "\n".join(buf), j, seg[p + 1:]
        buf.append(seg)
        j += 1
        col = 0
    return "\n".join(buf), j, ""


def classify(label):
    """response / fragment / request by the label printed before a JSON block."""
    l = label.lower()
    if "block" in l:
        return "fragment"
    return "response"


def outcome(label):
    l = label.lower()
    if re.search(r"fail|error|unsuccessful|declin", l):
        return "error"
    return "success"


def rbs(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    sections = rbs_sections(lines)
    samples = []
    code = [False] * len(lines)
    # Java/PHP code examples are not samples.
    for i, l in enumerate(lines):
        if re.match(r"\s*(public class|import java|<\?php|function |\$)", l):
            j = i
            while j < len(lines) and not re.match(r"^\}\s*$", lines[j]):
                code[j] = True
                j += 1
            if j < len(lines):
                code[j] = True
    i = 0
    label = ""
    while i < len(lines):
        l = lines[i]
        if code[i]:
            i += 1
            continue
        if l.startswith("curl"):
            j = rbs_curl_block(lines, i)
            glued = label if i > 0 and lines[i - 1].startswith("--") else ""
            s, label = rbs_request(lines, i, j, section_of(sections, i), glued)
            samples.append(s)
            i = j - 1
            # JSON glued right after the command ('--data language=en{').
            if label.strip() == "{" or label.rstrip().endswith("{"):
                col = lines[i].rindex("{")
                i, label = rbs_json(lines, sections, samples, i, col, "", s["endpoint"])
                continue
            i += 1
            continue
        if l == "Request example" and i + 1 < len(lines) and re.match(r"^\w+=", lines[i + 1]):
            # A bare form body (getReceiptStatus.do).
            raw = lines[i + 1]
            value, label = split_label(raw)
            pairs = [p.split("=", 1) for p in value.split("&")]
            samples.append({"gateway": "rbs", "kind": "request", "line": i + 2,
                            "endpoint": section_of(sections, i), "method": "POST",
                            "path": "rest/" + section_of(sections, i),
                            "contentType": "application/x-www-form-urlencoded",
                            "note": "printed as a bare form body (no curl command)",
                            "text": raw, "form": pairs, "body": value, "label": "Request example"})
            i += 2
            continue
        m = re.search(r"\{", l)
        if m and (l.startswith("{") or (" | " not in l and re.search(r"(esponse|xample)[^{|]*\{", l))):
            before = l[: m.start()]
            lab = before if before.strip() else label
            if not before.strip() and i > 0 and not lab:
                lab = lines[i - 1]
            i, label = rbs_json(lines, sections, samples, i, m.start(), lab)
            continue
        label = l if not l.startswith("|") else ""
        i += 1
    return samples


def rbs_json(lines, sections, samples, i, col, label, endpoint=None):
    text, end, tail = rbs_json_block(lines, i, col)
    # A heading printed just before, possibly glued to the end of a previous block.
    label = label.strip()
    kind = classify(label)
    if col == 0 and i >= 2 and "block" in lines[i - 2] and lines[i - 1].endswith(":"):
        # 'Example of clientBrowserInfo block:' / '"clientBrowserInfo":' / '{...}'
        kind, label = "fragment", lines[i - 2] + " " + lines[i - 1]
    s = {"gateway": "rbs", "kind": kind, "line": i + 1,
         "endpoint": endpoint or section_of(sections, i), "label": label, "text": text}
    if s["kind"] == "response":
        s["outcome"] = outcome(label)
    if parse_json(RBS, i + 1, text, s):
        samples.append(s)
    # The tail is the next label; a JSON glued on the same line is the next block.
    if "{" in tail:
        p = tail.index("{")
        return rbs_json(lines, sections, samples, end, len(lines[end]) - len(tail) + p, tail[:p],
                        endpoint)
    return end + 1, tail

# --------------------------------------------------------------------------------------------
# Mobile Cashier: mobile-cashier-api.txt (a Redoc page as text: "Request samples" / "Response
# samples", "Content type", the type, an optional "Example", then a JSON object with "•" bullets
# and collapsed nested values printed as "{ }" / "[ ]").

CASHIER = "mobile-cashier-api.txt"
CASHIER_OPS = [
    # (heading printed in the reference, kassa's method name)
    ("Obtaining access to the system", "login"),
    ("getting a list of orders", "listOrders"),
    ("Creating an order", "createOrder"),
    ("retrieving order data", "getOrder"),
    ("order refund", "refund"),
    ("order status", "orderStatus"),
    ("qrcData - Registering a QR code in the IPS", "qrcData"),
    ("payout via IPS", "payoutIps"),
    ("Retrieving the list of banks for payout", "banks"),
    ("Payment via SberPay", "sberPay"),
    ("payout to card", "payoutCard"),
    ("request to create an order via payment form", "paymentFormOrder"),
    ("authorize - Hold funds", "authorize"),
    ("charge - Capture funds", "charge"),
    ("void - Cancel hold", "void"),
]


def cashier(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    samples = []
    op, op_line = None, None
    i = 0
    while i < len(lines):
        l = lines[i].strip()
        for heading, name in CASHIER_OPS:
            if l == heading:
                op, op_line = name, i + 1
        if l in ("Request samples", "Response samples"):
            kind = "request" if l.startswith("Request") else "response"
            j = i + 1
            ctype = None
            while j < len(lines) and not lines[j].startswith("{"):
                t = lines[j].strip()
                if t and t not in ("Content type", "Example"):
                    ctype = t
                j += 1
            start = j
            depth = 0
            buf = []
            while j < len(lines):
                buf.append(lines[j])
                depth += lines[j].count("{") + lines[j].count("[") - lines[j].count("}") - lines[j].count("]")
                if depth <= 0:
                    break
                j += 1
            text = "\n".join(buf)
            cleaned = re.sub(r"^\s*•\s*", "", text, flags=re.M)
            cleaned = re.sub(r"\{\s*\}", "{}", cleaned)
            cleaned = re.sub(r"\[\s*\]", "[]", cleaned)
            s = {"gateway": "cashier", "kind": kind, "line": start + 1, "endpoint": op,
                 "operationLine": op_line, "contentType": ctype, "text": text,
                 "note": "bullets removed; nested objects and arrays are printed collapsed ({ } / [ ])"}
            if kind == "response":
                s["outcome"] = "success"
            if parse_json(CASHIER, start + 1, cleaned, s):
                samples.append(s)
            i = j + 1
            continue
        i += 1
    return samples


# --------------------------------------------------------------------------------------------
# Koshelek Pay v1: koshelek-pay-api-v1.openapi.yaml (`examples` and `x-examples` of request
# bodies, responses and component schemas).

KOSHELEK = "koshelek-pay-api-v1.openapi.yaml"


def koshelek(path):
    import yaml

    text = open(path, encoding="utf-8").read()
    root = yaml.compose(text)
    samples = []

    def get(node, key):
        if node is None or not isinstance(node, yaml.MappingNode):
            return None
        for k, v in node.value:
            if k.value == key:
                return v
        return None

    def examples_of(node, where):
        """Every example under `examples` (value) and `x-examples` of a media type or schema."""
        out = []
        ex = get(node, "examples")
        if isinstance(ex, yaml.MappingNode):
            for k, v in ex.value:
                value = get(v, "value")
                if value is not None:
                    out.append((f"{where} examples.{k.value}", value))
        schema = get(node, "schema") or node
        xe = get(schema, "x-examples")
        if isinstance(xe, yaml.MappingNode):
            for k, v in xe.value:
                out.append((f"{where} x-examples.{k.value}", v))
        return out

    def to_py(node):
        return yaml.safe_load(yaml.serialize(node))

    paths = get(root, "paths")
    for pk, pv in paths.value:
        endpoint = pk.value.removeprefix("/api/v1/merchant/")
        for mk, mv in pv.value:
            if mk.value not in ("get", "post"):
                continue
            body = get(get(get(mv, "requestBody"), "content"), "application/json")
            if body is not None:
                for where, node in examples_of(body, "requestBody"):
                    samples.append({"gateway": "koshelek", "kind": "request",
                                    "line": node.start_mark.line + 1, "endpoint": endpoint,
                                    "method": mk.value.upper(), "path": "api/v1/merchant/" + endpoint,
                                    "contentType": "application/json", "label": where,
                                    "json": to_py(node)})
            responses = get(mv, "responses")
            for rk, rv in responses.value:
                media = get(get(rv, "content"), "application/json")
                for where, node in examples_of(media, f"responses.{rk.value}") if media else []:
                    samples.append({"gateway": "koshelek", "kind": "response",
                                    "line": node.start_mark.line + 1, "endpoint": endpoint,
                                    "method": mk.value.upper(), "status": int(rk.value),
                                    "outcome": "success" if rk.value.startswith("2") else "error",
                                    "label": where, "json": to_py(node)})
    comps = get(root, "components")
    for kind_key in ("schemas", "responses"):
        group = get(comps, kind_key)
        for name, node in group.value if group else []:
            media = get(get(node, "content"), "application/json")
            target = media if media is not None else node
            for where, ex in examples_of(target, f"components.{kind_key}.{name.value}"):
                samples.append({"gateway": "koshelek",
                                "kind": "response" if kind_key == "responses" else "fragment",
                                "line": ex.start_mark.line + 1, "endpoint": None,
                                "object": name.value, "label": where, "json": to_py(ex)})
                if kind_key == "responses":
                    samples[-1]["status"] = int(name.value)
                    samples[-1]["outcome"] = "error"
    # Scalar x-examples (requestId, storeId, ...) are values, not samples: left out.
    samples = [s for s in samples if isinstance(s["json"], (dict, list))]
    samples.sort(key=lambda s: s["line"])
    return samples


# --------------------------------------------------------------------------------------------

def counts(samples):
    out = {}
    for s in samples:
        key = f"{s['endpoint'] or s.get('object') or '-'} {s['kind']}"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if "--failing" in args:
        k = args.index("--failing")
        del args[k:k + 2]
    docs = args[0] if args else os.path.join(ROOT, "..", "shared", "api-docs")
    global FIXES
    FIXES = load_fixes()
    results = {
        "rbs": (RBS, rbs(os.path.join(docs, RBS))),
        "cashier": (CASHIER, cashier(os.path.join(docs, CASHIER))),
        "koshelek": (KOSHELEK, koshelek(os.path.join(docs, KOSHELEK))),
    }
    for key in FIXES:
        if key not in used_fixes:
            errors.append(f"tests/samples/fixes.json: the fix of {key} was not used")
    if "--failing" in sys.argv:
        with open(sys.argv[sys.argv.index("--failing") + 1], "w", encoding="utf-8") as f:
            json.dump(failing, f, ensure_ascii=False, indent=1)
    if errors:
        for e in errors:
            print("extract-samples: " + e, file=sys.stderr)
        sys.exit(1)
    changed = []
    for gateway, (reference, samples) in results.items():
        for n, s in enumerate(samples):
            s["id"] = f"{gateway}:{s['line']}"
        data = {
            "reference": reference,
            "generatedBy": "scripts/extract-samples.py (do not edit: fix the reference's broken samples in tests/samples/fixes.json)",
            "total": len(samples),
            "counts": counts(samples),
            "samples": samples,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        out = os.path.join(OUT, f"{gateway}.json")
        old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
        if old != text:
            changed.append(out)
            if not check:
                with open(out, "w", encoding="utf-8") as f:
                    f.write(text)
        print(f"{gateway}: {len(samples)} samples "
              f"({sum(s['kind'] == 'request' for s in samples)} requests, "
              f"{sum(s['kind'] == 'response' for s in samples)} responses, "
              f"{sum(s['kind'] == 'fragment' for s in samples)} fragments)")
    if check and changed:
        print("extract-samples: out of date: " + ", ".join(changed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
