//! kassa-sandbox: a local emulator of the three gateways (grown by the emulator issue).

fn main() {
    println!("{{\"version\":\"{}\"}}", kassa::version());
}
