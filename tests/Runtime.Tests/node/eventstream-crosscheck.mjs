// Drives the AWS SDK for JavaScript's event-stream codec (@smithy/eventstream-codec) for the .NET cross-check tests.
//
//   node eventstream-crosscheck.mjs encode <count> <seed>   random messages, encoded by the JS codec
//   node eventstream-crosscheck.mjs decode                   stdin: {"encoded": base64} per line; decoded by the JS codec
//
// Every output line is one JSON object. Headers use the conformance-vector vocabulary
// (shared/conformance/eventstream/README.md) with every value as a string, so 64-bit values stay exact.
import { EventStreamCodec, Int64 } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { createInterface } from "node:readline";

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const [mode, countArg, seedArg] = process.argv.slice(2);

const toBase64 = (bytes) => Buffer.from(bytes).toString("base64");
const fromBase64 = (text) => new Uint8Array(Buffer.from(text, "base64"));
const int64ToString = (int64) => BigInt.asIntN(64, BigInt("0x" + Buffer.from(int64.bytes).toString("hex"))).toString();

function describeHeaders(headers) {
  return Object.entries(headers).map(([name, { type, value }]) => {
    switch (type) {
      case "boolean": return { name, type: value ? "bool_true" : "bool_false", value: String(value) };
      case "byte": return { name, type: "byte", value: String(value) };
      case "short": return { name, type: "int16", value: String(value) };
      case "integer": return { name, type: "int32", value: String(value) };
      case "long": return { name, type: "int64", value: int64ToString(value) };
      case "binary": return { name, type: "byte_array", value: toBase64(value) };
      case "string": return { name, type: "string", value };
      case "timestamp": return { name, type: "timestamp", value: String(value.valueOf()) };
      case "uuid": return { name, type: "uuid", value };
      default: throw new Error(`unknown header type ${type}`);
    }
  });
}

// mulberry32: a small seeded PRNG so that a failing run can be replayed from its seed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encodeMode(count, seed) {
  const random = prng(seed);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const bytes = (length) => Uint8Array.from({ length }, () => int(0, 255));
  const alphabet = ["a", "Z", "-", ":", "_", " ", "é", "ß", "日", "本", "🙂", "\u0000", "\u07ff", "\uffff"];
  const text = (maxUtf8) => {
    let s = "";
    for (let n = int(1, 40); n > 0; n--) {
      const next = s + pick(alphabet);
      if (Buffer.byteLength(next, "utf8") > maxUtf8) break;
      s = next;
    }
    return s;
  };
  const valueMakers = [
    () => ({ type: "boolean", value: true }),
    () => ({ type: "boolean", value: false }),
    () => ({ type: "byte", value: pick([-128, -1, 0, 1, 127, int(-128, 127)]) }),
    () => ({ type: "short", value: pick([-32768, 0, 32767, int(-32768, 32767)]) }),
    () => ({ type: "integer", value: pick([-2147483648, 0, 2147483647, int(-2147483648, 2147483647)]) }),
    () => ({ type: "long", value: new Int64(bytes(8)) }),
    () => ({ type: "binary", value: bytes(pick([0, 1, 2, int(1, 300)])) }),
    () => ({ type: "string", value: pick(["", "x", text(2000)]) }),
    () => ({ type: "timestamp", value: new Date(pick([0, -1, 253402300799999, -62135596800000, int(-1e13, 1e13)])) }),
    () => ({ type: "uuid", value: Buffer.from(bytes(16)).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5") }),
  ];
  for (let i = 0; i < count; i++) {
    const headers = {};
    for (let h = int(0, 12); h > 0; h--) {
      // Object keys that look like array indices are reordered by JavaScript; a letter prefix keeps wire order.
      headers["h" + text(200)] = pick(valueMakers)();
    }
    const body = bytes(pick([0, 1, int(0, 100), int(0, 65536)]));
    const encoded = codec.encode({ headers, body });
    process.stdout.write(JSON.stringify({ encoded: toBase64(encoded), headers: describeHeaders(headers), payload: toBase64(body) }) + "\n");
  }
}

async function decodeMode() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const message = codec.decode(fromBase64(JSON.parse(line).encoded));
      process.stdout.write(JSON.stringify({ headers: describeHeaders(message.headers), payload: toBase64(message.body) }) + "\n");
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: String(error) }) + "\n");
    }
  }
}

if (mode === "encode") {
  encodeMode(Number(countArg), Number(seedArg));
} else if (mode === "decode") {
  await decodeMode();
} else {
  process.stderr.write("usage: node eventstream-crosscheck.mjs encode <count> <seed> | decode\n");
  process.exit(2);
}
