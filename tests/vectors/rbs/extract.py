#!/usr/bin/env python3
"""Extracts the request and response samples printed in the RBS reference
(/work/shared/api-docs/rbs-payment-gateway-api.txt) into samples.json, each with its source line.

Run: python3 tests/vectors/rbs/extract.py /work/shared/api-docs/rbs-payment-gateway-api.txt > tests/vectors/rbs/samples.json
Requests: every `curl` example (URL, content type, form fields in order, or the JSON body).
Responses: every JSON object printed after a "Response example" heading (those that are valid JSON).
"""
import json, re, sys, urllib.parse

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = {"source": "rbs-payment-gateway-api.txt (the RBS payment gateway API reference in /work/shared/api-docs)",
       "requests": [], "responses": []}

def endpoint_of(url):
    m = re.search(r"/payment/(?:rest/)?(.*?\.do)", url)
    return m.group(1) if m else None

i = 0
while i < len(lines):
    l = lines[i]
    if l.startswith("curl"):
        start = i + 1
        block = [l]
        j = i + 1
        while j < len(lines) and (block[-1].rstrip().endswith("\\") or lines[j].startswith("--")):
            block.append(lines[j]); j += 1
        if re.search(r"--data(?:-raw)? '\{", "\n".join(block)):
            while j < len(lines) and "}'" not in block[-1]:
                block.append(lines[j]); j += 1
        text = "\n".join(block)
        url = re.search(r"https://[^\s'\\]+", text)
        ctype = re.search(r"[Cc]ontent-[Tt]ype: ([a-z/\-]+)", text)
        req = {"line": start, "url": url.group(0) if url else None,
               "endpoint": endpoint_of(url.group(0)) if url else None,
               "contentType": ctype.group(1) if ctype else None}
        raw = re.search(r"--data(?:-raw)? '(\{.*)", text, re.S)
        if raw:
            body = raw.group(1)
            # the JSON body runs to the closing quote that ends the curl command
            body = body[: body.rfind("}") + 1]
            try:
                req["json"] = json.loads(body)
            except Exception as e:
                req["jsonInvalid"] = str(e)
                req["jsonText"] = body
        else:
            fields = []
            for m in re.finditer(r"--data(?:-urlencode)? (?:'([^']*)'|(\S+))", text):
                v = m.group(1) if m.group(1) is not None else m.group(2)
                v = v.rstrip("\\").strip()
                # the reference glues the next heading onto the last field ("amount=2000Response example")
                v = re.sub(r"(Response|Example)( example| of a success(ful)? response|s)?.*$", "", v)
                for part in (v.split("&") if v.count("=") > 1 and "{" not in v else [v]):
                    if "=" in part:
                        k, _, val = part.partition("=")
                        fields.append([k, val])
            req["form"] = fields
        out["requests"].append(req)
        i = j
        continue
    i += 1

# Responses: a line that starts with "{" right after a response heading or at the end of a line
# that mentions "Response" / "response" (the text often glues the heading to the JSON).
i = 0
while i < len(lines):
    l = lines[i]
    m = re.search(r"(Response|response)[^{]*\{?$", l)
    if ("esponse" in l and (l.rstrip().endswith("{") or (i + 1 < len(lines) and lines[i + 1].strip() == "{"))):
        j = i if l.rstrip().endswith("{") else i + 1
        first = "{"
        depth, buf = 0, []
        k = j
        while k < len(lines):
            seg = lines[k] if k != j else "{" + (lines[k].split("{", 1)[1] if "{" in lines[k] else "")
            buf.append(seg)
            depth += seg.count("{") - seg.count("}")
            if depth <= 0:
                break
            k += 1
        text = "\n".join(buf)
        text = text[: text.rfind("}") + 1]
        heading = l.split("{")[0].strip()[-60:]
        try:
            out["responses"].append({"line": j + 1, "heading": heading, "json": json.loads(text)})
        except Exception:
            pass
        i = k + 1
        continue
    i += 1

json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
