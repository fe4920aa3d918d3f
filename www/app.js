// The demo page: loads kassa from /pkg/ and computes an RBS HMAC checksum live.
import { version, hmacSha256Hex, KassaError } from 'kassa';

const $ = (id) => document.getElementById(id);

function update() {
  try {
    $('checksum').value = hmacSha256Hex($('key').value, $('canonical').value);
    $('error').hidden = true;
  } catch (err) {
    $('checksum').value = '—';
    $('error').hidden = false;
    $('error').textContent = err instanceof KassaError ? `${err.code}: ${err.message}` : String(err);
  }
}

$('version').textContent = version();
$('status').textContent = `kassa ${version()} loaded`;
$('status').classList.add('ok');
$('canonical').addEventListener('input', update);
$('key').addEventListener('input', update);
update();
