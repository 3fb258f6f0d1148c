// pqlattice-wasm: ML-KEM (FIPS 203) and ML-DSA (FIPS 204) compiled from the Rust crate
// `pqlattice` to WebAssembly, with the API shape of @noble/post-quantum.
//
// This file only adapts arguments and results; all cryptography runs in the .wasm.
import init, { initSync } from './pqlattice_wasm.js';
import * as w from './pqlattice_wasm.js';

if (typeof globalThis.crypto?.getRandomValues !== 'function') {
  throw new Error('pqlattice-wasm needs Web Crypto: globalThis.crypto.getRandomValues is missing');
}

// Load the module: from the file system under Node (file: URL), with fetch elsewhere.
const wasmUrl = new URL('./pqlattice_wasm_bg.wasm', import.meta.url);
if (wasmUrl.protocol === 'file:') {
  const { readFile } = await import('node:fs/promises');
  initSync({ module: await readFile(wasmUrl) });
} else {
  await init({ module_or_path: wasmUrl });
}

const EMPTY = new Uint8Array(0);

// ---- The byte boundary -------------------------------------------------------------
// The generated glue copies an argument into wasm memory by allocating `arg.length`
// bytes and then copying the array's real contents, so a `length` that lies (a subclass
// getter, a look-alike object) would make it write past its allocation. Every byte
// argument is therefore read here only through the built-in %TypedArray% accessors,
// captured when this module loads (so later changes to Uint8Array.prototype or a
// subclass cannot reach them), and the glue is handed a fresh, genuine Uint8Array view
// of exactly those bytes.
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const intrinsicGetter = (key) => Object.getOwnPropertyDescriptor(TypedArrayPrototype, key).get;
const typedArrayName = intrinsicGetter(Symbol.toStringTag); // undefined for non-typed-arrays
const typedArrayBuffer = intrinsicGetter('buffer');
const typedArrayByteOffset = intrinsicGetter('byteOffset');
const typedArrayByteLength = intrinsicGetter('byteLength');
const apply = Reflect.apply;
const U8 = Uint8Array;

// wasm32 can address 4 GiB, and one allocation is at most 2 GiB - 1 bytes (isize::MAX):
// all byte arguments of one call together must stay below this.
const MAX_CALL_BYTES = 2 ** 31 - 2 ** 17;
// Arguments above this size are reserved in the module first (w.__reserve), so that a
// memory that cannot grow gives an Error rather than an allocator abort in the glue.
const RESERVE_ABOVE = 2 ** 16;
const RESERVE_SLACK = 2 ** 16;

// The bytes of `value` if it is a genuine Uint8Array (its [[TypedArrayName]] as the
// built-in getter reports it; subclasses such as Node's Buffer qualify, their getters
// are never called), as a fresh view on the same memory; a TypeError otherwise.
function bytes(value, name) {
  if (apply(typedArrayName, value, []) !== 'Uint8Array') {
    throw new TypeError(`"${name}" expected Uint8Array, got ${describe(value)}`);
  }
  const length = apply(typedArrayByteLength, value, []);
  if (length > MAX_CALL_BYTES) {
    throw new Error(`"${name}": ${length} bytes is more than the wasm module can hold (at most ${MAX_CALL_BYTES} bytes per call)`);
  }
  return new U8(apply(typedArrayBuffer, value, []), apply(typedArrayByteOffset, value, []), length);
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `type=${typeof value}`;
  const tag = apply(typedArrayName, value, []);
  return tag === undefined ? 'an object that is not a typed array' : tag;
}

// Calls the wasm export `fn` after checking that its byte arguments (views made by
// `bytes`; other arguments are booleans or undefined) fit in the module together, and
// reserving room for large ones: a size the module cannot hold is an Error.
function call(fn, ...args) {
  let total = 0;
  for (const a of args) if (typeof a === 'object') total += apply(typedArrayByteLength, a, []);
  if (total > MAX_CALL_BYTES) {
    throw new Error(`arguments of ${total} bytes in all: more than the wasm module can hold (at most ${MAX_CALL_BYTES} bytes per call)`);
  }
  if (total > RESERVE_ABOVE && !w.__reserve(total + RESERVE_SLACK)) {
    throw new Error(`out of memory: the wasm module cannot grow to hold arguments of ${total} bytes`);
  }
  return fn(...args);
}

function optBytes(value, name) {
  return value === undefined ? undefined : bytes(value, name);
}

// Unknown option keys are rejected (as noble does): a typo such as { ctx } would
// otherwise silently sign without the intended context.
function options(opts, allowed) {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError('options expected plain object');
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) throw new TypeError(`unknown option "${key}"`);
  }
  return opts;
}

// Splits `a || b` (a has length `n`) into two fresh arrays and wipes the joint copy,
// which may hold a secret.
function split(joint, n) {
  const a = joint.slice(0, n);
  const b = joint.slice(n);
  joint.fill(0);
  return [a, b];
}

// ---- Key objects (optional; not in @noble/post-quantum) ------------------------------
// A key parsed and checked once in the module, for many calls: the functions above parse
// their key bytes on every call. The key lives in the wasm heap until `free()` (or
// `[Symbol.dispose]`, for `using`), which zeroizes it; an object garbage-collected
// without `free()` is freed (and zeroized) by the glue's FinalizationRegistry, at a
// time the engine chooses.
const CONSTRUCT = Symbol('pqlattice-wasm key object');

function keyClass(label, methods, makers = '.fromSeed / .fromBytes', noun = 'the key') {
  class Key {
    #key;
    constructor(token, key) {
      if (token !== CONSTRUCT) throw new TypeError(`use ${label}${makers}`);
      this.#key = key;
    }
    static _live(k) {
      if (k === null || typeof k !== 'object' || !(#key in k)) throw new TypeError(`expected a ${label}`);
      if (k.#key === undefined) throw new Error(`${label}: ${noun} was freed`);
      return k.#key;
    }
    /** Frees the key in the module, zeroizing it; later calls throw. Idempotent. */
    free() {
      const k = this.#key;
      this.#key = undefined;
      if (k !== undefined) k.free();
    }
  }
  if (typeof Symbol.dispose === 'symbol') Key.prototype[Symbol.dispose] = Key.prototype.free;
  Object.defineProperty(Key, 'name', { value: label });
  const live = Key._live;
  delete Key._live;
  for (const [k, f] of Object.entries(methods)) {
    Object.defineProperty(Key.prototype, k, {
      value: function (...a) { return f(live(this), ...a); }, writable: true, configurable: true,
    });
  }
  return [Key, live];
}

// ---- Key files (SPKI / PKCS#8, DER and PEM) and streaming ML-DSA -------------------
// DER and PEM are encoded and decoded in the module by the library (strict DER; PEM per
// RFC 7468 with the labels PUBLIC KEY / PRIVATE KEY), keys decoded in place on its heap.
const PKCS8_FORMS = Object.freeze({ __proto__: null, seed: 0, expanded: 1, both: 2 });
// The longest PEM accepted (a key file is at most 7 KB): keeps a huge string from
// reaching the module's allocator.
const MAX_PEM_CHARS = 1 << 16;

function pkcs8Form(form) {
  if (form === undefined) return 0;
  const id = typeof form === 'string' ? PKCS8_FORMS[form] : undefined;
  if (id === undefined) {
    throw new TypeError(`"form" expected 'seed', 'expanded' or 'both', got ${typeof form === 'string' ? JSON.stringify(form) : describe(form)}`);
  }
  return id;
}

function pemText(value, name) {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected string, got ${describe(value)}`);
  if (value.length > MAX_PEM_CHARS) throw new Error(`"${name}": ${value.length} characters is too long for a key file`);
  return value;
}

const privateKeyFileMethods = {
  toPkcs8: (k, form) => k.toPkcs8(pkcs8Form(form)),
  toPkcs8Pem: (k, form) => k.toPkcs8Pem(pkcs8Form(form)),
};
const publicKeyFileMethods = {
  toSpki: (k) => k.toSpki(),
  toSpkiPem: (k) => k.toSpkiPem(),
};
function addPrivateKeyFiles(Key, W) {
  Key.fromPkcs8 = (der) => new Key(CONSTRUCT, call(W.fromPkcs8, bytes(der, 'der')));
  Key.fromPkcs8Pem = (pem) => new Key(CONSTRUCT, W.fromPkcs8Pem(pemText(pem, 'pem')));
}
function addPublicKeyFiles(Key, W) {
  Key.fromSpki = (der) => new Key(CONSTRUCT, call(W.fromSpki, bytes(der, 'der')));
  Key.fromSpkiPem = (pem) => new Key(CONSTRUCT, W.fromSpkiPem(pemText(pem, 'pem')));
}

// Streaming: `signingKey.signer({ context })` and `verifyingKey.verifier({ context })`
// hash the message as it arrives (`update`, any number of times) into mu; `sign()` /
// `verify(sig)` then give what `sign` / `verify` give on the whole message. Each
// signer or verifier finishes once; the key must still be live then.
function streamer(label, key, live, opts, finish) {
  const { context = EMPTY } = options(opts, ['context']);
  let hasher = call((c) => live(key).muHasher(c), bytes(context, 'context'));
  const open = () => {
    if (hasher === undefined) throw new Error(`${label}: already finished`);
    return hasher;
  };
  const self = {
    update(data) {
      const h = open();
      call((d) => h.update(d), bytes(data, 'data'));
      return self;
    },
  };
  self[finish.name] = (...args) => {
    const h = open();
    const check = finish.prepare(...args);
    hasher = undefined;
    try {
      return finish.run(live(key), h.finalize(), check);
    } finally {
      h.free();
    }
  };
  return Object.freeze(self);
}

function addStreaming(name, SigningKey, liveSk, VerifyingKey, liveVk) {
  const define = (Key, method, f) =>
    Object.defineProperty(Key.prototype, method, { value: f, writable: true, configurable: true });
  define(SigningKey, 'signer', function (opts) {
    return streamer(`${name} signer`, this, liveSk, opts, {
      name: 'sign',
      prepare: (signOpts) => {
        const { extraEntropy } = options(signOpts, ['extraEntropy']);
        return entropy(extraEntropy);
      },
      run: (k, mu, [rnd, det]) => call((m, r) => k.signMu(m, r, det), mu, rnd),
    });
  });
  define(VerifyingKey, 'verifier', function (opts) {
    return streamer(`${name} verifier`, this, liveVk, opts, {
      name: 'verify',
      prepare: (sig) => bytes(sig, 'sig'),
      run: (k, mu, sig) => call((s, m) => k.verifyMu(s, m), sig, mu),
    });
  });
}

function kemKeys(name, lengths, Dk, Ek) {
  const [DecapsulationKey] = keyClass(`${name} DecapsulationKey`, {
    decapsulate: (k, cipherText) => call((ct) => k.decapsulate(ct), bytes(cipherText, 'cipherText')),
    getPublicKey: (k) => k.publicKey(),
    toBytes: (k) => k.toBytes(),
    ...privateKeyFileMethods,
  });
  DecapsulationKey.fromSeed = (seed) => new DecapsulationKey(CONSTRUCT, call(Dk.fromSeed, bytes(seed, 'seed')));
  DecapsulationKey.fromBytes = (secretKey) => new DecapsulationKey(CONSTRUCT, call(Dk.fromBytes, bytes(secretKey, 'secretKey')));
  addPrivateKeyFiles(DecapsulationKey, Dk);
  const [EncapsulationKey] = keyClass(`${name} EncapsulationKey`, {
    encapsulate: (k, msg) => {
      const out = call((m) => k.encapsulate(m), optBytes(msg, 'msg'));
      const [cipherText, sharedSecret] = split(out, lengths.cipherText);
      return { cipherText, sharedSecret };
    },
    toBytes: (k) => k.toBytes(),
    ...publicKeyFileMethods,
  });
  EncapsulationKey.fromBytes = (publicKey) => new EncapsulationKey(CONSTRUCT, call(Ek.fromBytes, bytes(publicKey, 'publicKey')));
  addPublicKeyFiles(EncapsulationKey, Ek);
  return { DecapsulationKey: Object.freeze(DecapsulationKey), EncapsulationKey: Object.freeze(EncapsulationKey) };
}

function dsaKeys(name, Sk, Vk) {
  const [SigningKey, liveSk] = keyClass(`${name} SigningKey`, {
    sign: (k, msg, opts) => {
      const { context = EMPTY, extraEntropy } = options(opts, ['context', 'extraEntropy']);
      const [rnd, det] = entropy(extraEntropy);
      return call((m, c, r) => k.sign(m, c, r, det), bytes(msg, 'msg'), bytes(context, 'context'), rnd);
    },
    getPublicKey: (k) => k.publicKey(),
    toBytes: (k) => k.toBytes(),
    ...privateKeyFileMethods,
  });
  SigningKey.fromSeed = (seed) => new SigningKey(CONSTRUCT, call(Sk.fromSeed, bytes(seed, 'seed')));
  SigningKey.fromBytes = (secretKey) => new SigningKey(CONSTRUCT, call(Sk.fromBytes, bytes(secretKey, 'secretKey')));
  addPrivateKeyFiles(SigningKey, Sk);
  const [VerifyingKey, liveVk] = keyClass(`${name} VerifyingKey`, {
    verify: (k, sig, msg, opts) => {
      const { context = EMPTY } = options(opts, ['context']);
      return call((s, m, c) => k.verify(s, m, c), bytes(sig, 'sig'), bytes(msg, 'msg'), bytes(context, 'context'));
    },
    toBytes: (k) => k.toBytes(),
    ...publicKeyFileMethods,
  });
  VerifyingKey.fromBytes = (publicKey) => new VerifyingKey(CONSTRUCT, call(Vk.fromBytes, bytes(publicKey, 'publicKey')));
  addPublicKeyFiles(VerifyingKey, Vk);
  addStreaming(name, SigningKey, liveSk, VerifyingKey, liveVk);
  return { SigningKey: Object.freeze(SigningKey), VerifyingKey: Object.freeze(VerifyingKey) };
}

function makeKem(name, lengths, f) {
  return Object.freeze({
    ...kemKeys(name, lengths, f.Dk, f.Ek),
    info: Object.freeze({ type: 'ml-kem', name }),
    lengths: Object.freeze(lengths),
    keygen(seed) {
      const [publicKey, secretKey] = split(call(f.keygen, optBytes(seed, 'seed')), lengths.publicKey);
      return { secretKey, publicKey };
    },
    getPublicKey(secretKey) {
      return call(f.publicKey, bytes(secretKey, 'secretKey'));
    },
    encapsulate(publicKey, msg) {
      const out = call(f.encapsulate, bytes(publicKey, 'publicKey'), optBytes(msg, 'msg'));
      const [cipherText, sharedSecret] = split(out, lengths.cipherText);
      return { cipherText, sharedSecret };
    },
    decapsulate(cipherText, secretKey) {
      return call(f.decapsulate, bytes(cipherText, 'cipherText'), bytes(secretKey, 'secretKey'));
    },
  });
}

export const ml_kem512 = makeKem(
  'ML-KEM-512',
  { secretKey: 1632, publicKey: 800, cipherText: 768, seed: 64, msg: 32, msgRand: 32, sharedSecret: 32 },
  {
    keygen: w.ml_kem512_keygen,
    publicKey: w.ml_kem512_public_key,
    encapsulate: w.ml_kem512_encapsulate,
    decapsulate: w.ml_kem512_decapsulate,
    Dk: w.MlKem512DecapsulationKey,
    Ek: w.MlKem512EncapsulationKey,
  },
);
export const ml_kem768 = makeKem(
  'ML-KEM-768',
  { secretKey: 2400, publicKey: 1184, cipherText: 1088, seed: 64, msg: 32, msgRand: 32, sharedSecret: 32 },
  {
    keygen: w.ml_kem768_keygen,
    publicKey: w.ml_kem768_public_key,
    encapsulate: w.ml_kem768_encapsulate,
    decapsulate: w.ml_kem768_decapsulate,
    Dk: w.MlKem768DecapsulationKey,
    Ek: w.MlKem768EncapsulationKey,
  },
);
export const ml_kem1024 = makeKem(
  'ML-KEM-1024',
  { secretKey: 3168, publicKey: 1568, cipherText: 1568, seed: 64, msg: 32, msgRand: 32, sharedSecret: 32 },
  {
    keygen: w.ml_kem1024_keygen,
    publicKey: w.ml_kem1024_public_key,
    encapsulate: w.ml_kem1024_encapsulate,
    decapsulate: w.ml_kem1024_decapsulate,
    Dk: w.MlKem1024DecapsulationKey,
    Ek: w.MlKem1024EncapsulationKey,
  },
);

// HashML-DSA hash functions by NIST name: the last byte of their OID
// 2.16.840.1.101.3.4.2.x and their digest length.
const NIST_HASH_ARC = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02];
const PREHASH_NAMES = {
  'SHA2-256': 0x01, 'SHA2-384': 0x02, 'SHA2-512': 0x03, 'SHA2-224': 0x04,
  'SHA2-512/224': 0x05, 'SHA2-512/256': 0x06, 'SHA3-224': 0x07, 'SHA3-256': 0x08,
  'SHA3-384': 0x09, 'SHA3-512': 0x0a, 'SHAKE-128': 0x0b, 'SHAKE-256': 0x0c,
};

// Signing randomness: undefined -> fresh (hedged), false -> deterministic, bytes -> rnd.
function entropy(extraEntropy) {
  if (extraEntropy === undefined) return [undefined, false];
  if (extraEntropy === false) return [undefined, true];
  return [bytes(extraEntropy, 'extraEntropy'), false];
}

function makeDsa(name, securityLevel, lengths, f) {
  const keys = {
    lengths: Object.freeze(lengths),
    keygen(seed) {
      const [publicKey, secretKey] = split(call(f.keygen, optBytes(seed, 'seed')), lengths.publicKey);
      return { secretKey, publicKey };
    },
    getPublicKey(secretKey) {
      return call(f.publicKey, bytes(secretKey, 'secretKey'));
    },
  };

  // `hash` is either a hash function in the style of @noble/hashes (callable, with a DER
  // `oid` and `outputLen`): messages are hashed here; or a NIST name such as 'SHA2-512':
  // the `msg` given to sign/verify is then the digest PH(M) computed by the caller.
  function prehash(hash) {
    let oid;
    let digestOf;
    if (typeof hash === 'string') {
      const suffix = PREHASH_NAMES[hash];
      if (suffix === undefined) throw new Error(`unsupported pre-hash function "${hash}"`);
      oid = Uint8Array.from([...NIST_HASH_ARC, suffix]);
      digestOf = (m) => m;
    } else if (typeof hash === 'function' && apply(typedArrayName, hash.oid, []) === 'Uint8Array') {
      oid = bytes(hash.oid, 'hash.oid');
      digestOf = (m) => bytes(hash(m), 'digest');
    } else {
      throw new TypeError('"hash" expected a hash function with an "oid" or a NIST hash name');
    }
    return Object.freeze({
      info: Object.freeze({ type: 'hashml-dsa', name: 'Hash' + name }),
      ...keys,
      sign(msg, secretKey, opts) {
        const { context = EMPTY, extraEntropy } = options(opts, ['context', 'extraEntropy']);
        const [rnd, det] = entropy(extraEntropy);
        return call(f.signPrehash, oid, digestOf(bytes(msg, 'msg')), bytes(secretKey, 'secretKey'),
          bytes(context, 'context'), rnd, det);
      },
      verify(sig, msg, publicKey, opts) {
        const { context = EMPTY } = options(opts, ['context']);
        return call(f.verifyPrehash, oid, bytes(sig, 'sig'), digestOf(bytes(msg, 'msg')),
          bytes(publicKey, 'publicKey'), bytes(context, 'context'));
      },
    });
  }

  const internal = Object.freeze({
    info: Object.freeze({ type: 'internal-ml-dsa', name }),
    ...keys,
    sign(msg, secretKey, opts) {
      const { extraEntropy, externalMu = false } = options(opts, ['extraEntropy', 'externalMu']);
      const [rnd, det] = entropy(extraEntropy);
      return call(f.signInternal, bytes(msg, 'msg'), bytes(secretKey, 'secretKey'), !!externalMu, rnd, det);
    },
    verify(sig, msg, publicKey, opts) {
      const { externalMu = false } = options(opts, ['externalMu']);
      return call(f.verifyInternal, bytes(sig, 'sig'), bytes(msg, 'msg'), bytes(publicKey, 'publicKey'),
        !!externalMu);
    },
  });

  return Object.freeze({
    ...dsaKeys(name, f.Sk, f.Vk),
    info: Object.freeze({ type: 'ml-dsa', name }),
    securityLevel,
    ...keys,
    sign(msg, secretKey, opts) {
      const { context = EMPTY, extraEntropy } = options(opts, ['context', 'extraEntropy']);
      const [rnd, det] = entropy(extraEntropy);
      return call(f.sign, bytes(msg, 'msg'), bytes(secretKey, 'secretKey'), bytes(context, 'context'), rnd, det);
    },
    verify(sig, msg, publicKey, opts) {
      const { context = EMPTY } = options(opts, ['context']);
      return call(f.verify, bytes(sig, 'sig'), bytes(msg, 'msg'), bytes(publicKey, 'publicKey'),
        bytes(context, 'context'));
    },
    prehash,
    internal,
    // mu = H(H(pk, 64) || 0 || |ctx| || ctx || msg, 64) for internal.sign/verify with
    // { externalMu: true } (not in @noble/post-quantum).
    computeMu(publicKey, msg, opts) {
      const { context = EMPTY } = options(opts, ['context']);
      return call(f.computeMu, bytes(publicKey, 'publicKey'), bytes(msg, 'msg'), bytes(context, 'context'));
    },
  });
}

function dsaFns(p, P) {
  return {
    Sk: w[`${P}SigningKey`],
    Vk: w[`${P}VerifyingKey`],
    keygen: w[`${p}_keygen`],
    publicKey: w[`${p}_public_key`],
    sign: w[`${p}_sign`],
    verify: w[`${p}_verify`],
    signPrehash: w[`${p}_sign_prehash`],
    verifyPrehash: w[`${p}_verify_prehash`],
    signInternal: w[`${p}_sign_internal`],
    verifyInternal: w[`${p}_verify_internal`],
    computeMu: w[`${p}_compute_mu`],
  };
}

export const ml_dsa44 = makeDsa('ML-DSA-44', 128,
  { secretKey: 2560, publicKey: 1312, signature: 2420, seed: 32, signRand: 32 }, dsaFns('ml_dsa44', 'MlDsa44'));
export const ml_dsa65 = makeDsa('ML-DSA-65', 192,
  { secretKey: 4032, publicKey: 1952, signature: 3309, seed: 32, signRand: 32 }, dsaFns('ml_dsa65', 'MlDsa65'));
export const ml_dsa87 = makeDsa('ML-DSA-87', 256,
  { secretKey: 4896, publicKey: 2592, signature: 4627, seed: 32, signRand: 32 }, dsaFns('ml_dsa87', 'MlDsa87'));

/** The arithmetic backend in use: 'wasm-simd128' (this build), or 'portable' if forced. */
export function activeBackend() {
  return w.activeBackend();
}

/** Forces the backend ('portable' or 'wasm-simd128') for later calls; false if unavailable. Results are identical; for testing and benchmarking. */
export function forceBackend(name) {
  if (typeof name !== 'string') throw new TypeError(`"name" expected string, got type=${typeof name}`);
  return w.forceBackend(name);
}

// ---- X-Wing (draft-connolly-cfrg-xwing-kem-10) ---------------------------------------
// ML-KEM-768 + X25519 with the draft's SHA3-256 combiner; the secret key is the 32-byte
// seed. Shaped like (and exported under the name of) @noble/post-quantum's
// `ml_kem768_x25519`: the same method names, argument order and `lengths` (plus
// `sharedSecret` and `info`, as for ML-KEM here).
const XWING_LENGTHS = { seed: 32, publicKey: 1216, secretKey: 32, msg: 32, msgRand: 64, cipherText: 1120, sharedSecret: 32 };

export const xwing = Object.freeze({
  info: Object.freeze({ type: 'hybrid-kem', name: 'X-Wing' }),
  lengths: Object.freeze(XWING_LENGTHS),
  /** X-Wing key pair from a 32-byte seed (GenerateKeyPairDerand) or fresh randomness; secretKey is the seed. */
  keygen(seed) {
    const [publicKey, secretKey] = split(call(w.xwing_keygen, optBytes(seed, 'seed')), XWING_LENGTHS.publicKey);
    return { secretKey, publicKey };
  },
  getPublicKey(secretKey) {
    return call(w.xwing_public_key, bytes(secretKey, 'secretKey'));
  },
  /** `msgRand` (64 bytes, eseed) makes it EncapsulateDerand: known-answer tests only. */
  encapsulate(publicKey, msgRand) {
    const out = call(w.xwing_encapsulate, bytes(publicKey, 'publicKey'), optBytes(msgRand, 'msgRand'));
    const [cipherText, sharedSecret] = split(out, XWING_LENGTHS.cipherText);
    return { cipherText, sharedSecret };
  },
  decapsulate(cipherText, secretKey) {
    return call(w.xwing_decapsulate, bytes(cipherText, 'cipherText'), bytes(secretKey, 'secretKey'));
  },
});

/** The same object as `xwing`, under @noble/post-quantum's name (`@noble/post-quantum/hybrid.js`). */
export const ml_kem768_x25519 = xwing;

// ---- The secure channel (docs/channel.md) ----------------------------------------------
// Thin wrappers over the library's Identity, Handshake and Session in the module: the
// state machine, the policies, the fingerprint text and the errors are all the
// library's. This layer only converts arguments (bytes, fingerprints, the policy object)
// and results (the received record as an object).
const textEncoder = new TextEncoder();

// A PeerId: a fingerprint (or 64 hex digits) as text, or its 32 bytes.
function peerIdBytes(id, name) {
  if (typeof id === 'string') return call(w.channelParsePeerId, bytes(textEncoder.encode(id), name));
  const b = bytes(id, name);
  call(w.channelFingerprint, b); // the library's length check
  return b.slice();
}

function concatBytes(parts) {
  const out = new U8(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const POLICY_HELP = '{ pin: id }, { allow: [id, ...] }, { trustOnFirstUse: id | null } or { anyPeer: true }';

// The policy object as (kind, concatenated PeerIds) for the module.
function policyArgs(policy) {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) {
    throw new TypeError(`"policy" expected ${POLICY_HELP}`);
  }
  const keys = Object.keys(policy);
  if (keys.length !== 1) throw new TypeError(`"policy" expected exactly one of ${POLICY_HELP}`);
  const value = policy[keys[0]];
  switch (keys[0]) {
    case 'pin':
      return ['pin', peerIdBytes(value, 'pin')];
    case 'allow':
      if (!Array.isArray(value)) throw new TypeError('"allow" expected an array of PeerIds');
      return ['allow', concatBytes(value.map((id, i) => peerIdBytes(id, `allow[${i}]`)))];
    case 'trustOnFirstUse':
      return ['tofu', value === null || value === undefined ? EMPTY : peerIdBytes(value, 'trustOnFirstUse')];
    case 'anyPeer':
      if (value !== true) throw new TypeError('"anyPeer" expected true');
      return ['any', EMPTY];
    default:
      throw new TypeError(`unknown peer policy "${keys[0]}": expected ${POLICY_HELP}`);
  }
}

function orUndefined(id) {
  return id.length === 0 ? undefined : id;
}

const [Identity, liveIdentity] = keyClass('channel Identity', {
  seed: (k) => k.seed(),
  peerId: (k) => k.peerId(),
  fingerprint: (k) => k.fingerprint(),
  getPublicKey: (k) => k.publicKey(),
}, '.fromSeed / .generate', 'the identity');
Identity.fromSeed = (seed) => new Identity(CONSTRUCT, call(w.ChannelIdentity.fromSeed, bytes(seed, 'seed')));
Identity.generate = () => new Identity(CONSTRUCT, w.ChannelIdentity.generate());

const RECEIVED = ['data', 'keyUpdate', 'close'];
const [Session] = keyClass('channel Session', {
  seal: (k, data) => call((d) => k.seal(d), bytes(data, 'data')),
  open: (k, record) => {
    const out = call((r) => k.open(r), bytes(record, 'record'));
    const type = RECEIVED[out[0]];
    const data = type === 'data' ? out.slice(1) : undefined;
    out.fill(0);
    return type === 'data' ? { type, data } : { type };
  },
  updateKeys: (k) => k.updateKeys(),
  close: (k) => k.close(),
  export: (k, label, context, length) => {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new TypeError(`"length" expected a non-negative integer, got ${typeof length === 'number' ? length : `type=${typeof length}`}`);
    }
    // The module takes a u32; anything above 8160 is refused there.
    const n = Math.min(length, 2 ** 32 - 1);
    return call((l, c) => k.export(l, c, n), bytes(label, 'label'), bytes(context, 'context'));
  },
  peerId: (k) => k.peerId(),
  peerFingerprint: (k) => w.channelFingerprint(k.peerId()),
  transcriptHash: (k) => k.transcriptHash(),
  role: (k) => k.role(),
  isSendClosed: (k) => k.isSendClosed(),
  isReceiveClosed: (k) => k.isReceiveClosed(),
  isFailed: (k) => k.isFailed(),
}, ' from Handshake.intoSession()', 'the session');

const [Handshake] = keyClass('channel Handshake', {
  role: (k) => k.role(),
  nextStep: (k) => k.nextStep(),
  writeMessage: (k) => k.writeMessage(),
  readMessage: (k, msg) => { call((m) => k.readMessage(m), bytes(msg, 'message')); },
  peerId: (k) => orUndefined(k.peerId()),
  peerFingerprint: (k) => {
    const id = k.peerId();
    return id.length === 0 ? undefined : w.channelFingerprint(id);
  },
  intoSession: (k) => new Session(CONSTRUCT, k.intoSession()),
}, '.initiator / .responder', 'the handshake');

function makeHandshake(make, identity, policy, ...extra) {
  const id = liveIdentity(identity);
  const [kind, ids] = policyArgs(policy);
  return new Handshake(CONSTRUCT, call((i, ...e) => make(id, kind, i, ...e), ids, ...extra));
}
Handshake.initiator = (identity, policy) => makeHandshake(w.ChannelHandshake.initiator, identity, policy);
Handshake.responder = (identity, policy) => makeHandshake(w.ChannelHandshake.responder, identity, policy);
// Fixed handshake randomness (docs/channel.md section 11) exists only in test builds of
// the module (the `test-hooks` feature), for the deterministic vectors: the shipped
// package has no way to choose it.
if (typeof w.ChannelHandshake.__initiatorWithRandomness === 'function') {
  Handshake.__initiatorWithRandomness = (identity, policy, randomness) =>
    makeHandshake(w.ChannelHandshake.__initiatorWithRandomness, identity, policy, bytes(randomness, 'randomness'));
  Handshake.__responderWithRandomness = (identity, policy, randomness) =>
    makeHandshake(w.ChannelHandshake.__responderWithRandomness, identity, policy, bytes(randomness, 'randomness'));
}

export const channel = Object.freeze({
  Identity: Object.freeze(Identity),
  Handshake: Object.freeze(Handshake),
  Session: Object.freeze(Session),
  /** The 32-byte PeerId of a fingerprint text (either case, `-`, `:` and spaces ignored) or of 64 hex digits. */
  parsePeerId(text) {
    if (typeof text !== 'string') throw new TypeError(`"text" expected string, got type=${typeof text}`);
    return peerIdBytes(text, 'text');
  },
  /** The fingerprint text (13 groups of 4 base32 characters) of a 32-byte PeerId. */
  fingerprint(peerId) {
    return call(w.channelFingerprint, bytes(peerId, 'peerId'));
  },
  version: 1,
  suite: 1,
  lengths: Object.freeze({
    initiatorHello: 1257, responderHello: 6466, initiatorAuth: 5310,
    maxRecordPlaintext: 65536, recordOverhead: 18, maxRecord: 65554, maxExport: 8160, maxAllowList: 1024,
    peerId: 32, seed: 32,
  }),
});
