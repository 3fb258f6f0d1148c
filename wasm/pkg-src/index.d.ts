/** pqlattice-wasm: ML-KEM (FIPS 203), ML-DSA (FIPS 204), X-Wing and the pqlattice secure channel in WebAssembly, shaped like @noble/post-quantum. */

export type Bytes = Uint8Array;

/**
 * Key objects (pqlattice extension): a key parsed and checked once in the wasm module,
 * for many calls (the noble-style functions parse their key bytes on every call). The
 * key stays in the module's memory until `free()` (also `[Symbol.dispose]` where the
 * runtime has it, for `using`), which zeroizes it; calls after `free()` throw. An object
 * garbage-collected without `free()` is freed and zeroized at a time the engine chooses.
 */
export interface KeyObject {
  /** Frees and zeroizes the key in the module; idempotent. */
  free(): void;
}
/** PKCS#8 private-key form (RFC 9935 / RFC 9881): `'seed'` (the default and the RFCs' recommendation), `'expanded'` or `'both'`. */
export type Pkcs8Form = 'seed' | 'expanded' | 'both';
/** Key-file methods of private-key objects (pqlattice extension). */
export interface PrivateKeyFile {
  /** DER PKCS#8 (OneAsymmetricKey v1) in `form` (default `'seed'`); throws for a seed form of a key made from its expanded encoding (it has no seed). */
  toPkcs8(form?: Pkcs8Form): Bytes;
  /** PEM (`-----BEGIN PRIVATE KEY-----`) of `toPkcs8(form)`. */
  toPkcs8Pem(form?: Pkcs8Form): string;
}
/** Key-file methods of public-key objects (pqlattice extension). */
export interface PublicKeyFile {
  /** DER SubjectPublicKeyInfo. */
  toSpki(): Bytes;
  /** PEM (`-----BEGIN PUBLIC KEY-----`) SubjectPublicKeyInfo. */
  toSpkiPem(): string;
}
/** Decoders of private-key files: any form (seed, expandedKey, both; checked), v1 or v2 with a matching public key. Throw on anything else (another algorithm or parameter set, malformed or non-DER input, trailing bytes, an inconsistent `both`). */
export interface PrivateKeyFileReader<K> {
  fromPkcs8(der: Bytes): K;
  fromPkcs8Pem(pem: string): K;
}
/** Decoders of public-key files (SubjectPublicKeyInfo, parameters absent). */
export interface PublicKeyFileReader<K> {
  fromSpki(der: Bytes): K;
  fromSpkiPem(pem: string): K;
}

/** Streaming signing (pqlattice extension): the message in pieces, then one signature equal to `sign` on the whole message. */
export interface StreamSigner {
  /** Adds the next piece of the message; returns the signer. */
  update(data: Bytes): StreamSigner;
  /** Signs (once; later calls throw). `extraEntropy` as for `sign`. */
  sign(opts?: { extraEntropy?: Bytes | false }): Bytes;
}
/** Streaming verification (pqlattice extension). */
export interface StreamVerifier {
  /** Adds the next piece of the message; returns the verifier. */
  update(data: Bytes): StreamVerifier;
  /** `false` if the signature does not verify (once; later calls throw). */
  verify(sig: Bytes): boolean;
}

export interface DecapsulationKey extends KeyObject, PrivateKeyFile {
  /** ML-KEM.Decaps: the shared secret (the implicit-rejection secret for a bad ciphertext). */
  decapsulate(cipherText: Bytes): Bytes;
  /** The encapsulation key's encoding. */
  getPublicKey(): Bytes;
  /** The decapsulation key's encoding (secret). */
  toBytes(): Bytes;
}
export interface EncapsulationKey extends KeyObject, PublicKeyFile {
  /** `msg` (32 bytes) makes it deterministic (known-answer tests only). */
  encapsulate(msg?: Bytes): { cipherText: Bytes; sharedSecret: Bytes };
  toBytes(): Bytes;
}
export interface SigningKey extends KeyObject, PrivateKeyFile {
  sign(msg: Bytes, opts?: SigOpts): Bytes;
  /** A streaming signer under `context` (default empty). */
  signer(opts?: VerOpts): StreamSigner;
  /** The verifying key's encoding. */
  getPublicKey(): Bytes;
  /** The signing key's encoding (secret). */
  toBytes(): Bytes;
}
export interface VerifyingKey extends KeyObject, PublicKeyFile {
  /** `false` if the signature does not verify; throws on wrong lengths or a context over 255 bytes. */
  verify(sig: Bytes, msg: Bytes, opts?: VerOpts): boolean;
  /** A streaming verifier under `context` (default empty). */
  verifier(opts?: VerOpts): StreamVerifier;
  toBytes(): Bytes;
}

export interface KEM {
  readonly info: { readonly type: 'ml-kem'; readonly name: string };
  readonly lengths: {
    readonly secretKey: number;
    readonly publicKey: number;
    readonly cipherText: number;
    /** keygen seed d || z */
    readonly seed: number;
    readonly msg: number;
    readonly msgRand: number;
    readonly sharedSecret: number;
  };
  /** Fresh key pair, or the one determined by a 64-byte seed (d || z). */
  keygen(seed?: Bytes): { secretKey: Bytes; publicKey: Bytes };
  /** The public (encapsulation) key embedded in a secret key. Throws on a malformed key. */
  getPublicKey(secretKey: Bytes): Bytes;
  /** Throws on a malformed public key (wrong length, coefficient >= q). `msg` (32 bytes) makes it deterministic. */
  encapsulate(publicKey: Bytes, msg?: Bytes): { cipherText: Bytes; sharedSecret: Bytes };
  /** Throws on wrong lengths or a secret key failing the FIPS 203 hash check. */
  decapsulate(cipherText: Bytes, secretKey: Bytes): Bytes;
  /** Decapsulation keys parsed once: from the 64-byte seed d || z, or from a secret key (checked). */
  readonly DecapsulationKey: PrivateKeyFileReader<DecapsulationKey> & {
    fromSeed(seed: Bytes): DecapsulationKey;
    fromBytes(secretKey: Bytes): DecapsulationKey;
  };
  /** Encapsulation keys parsed (and checked) once. */
  readonly EncapsulationKey: PublicKeyFileReader<EncapsulationKey> & { fromBytes(publicKey: Bytes): EncapsulationKey };
}

export interface VerOpts {
  /** Application context string, at most 255 bytes. */
  context?: Bytes;
}
export interface SigOpts extends VerOpts {
  /** 32 bytes of signing randomness, `false` for deterministic signing; default: fresh randomness (hedged). */
  extraEntropy?: Bytes | false;
}

export interface Signer {
  readonly info: { readonly type: string; readonly name: string };
  readonly lengths: {
    readonly secretKey: number;
    readonly publicKey: number;
    readonly signature: number;
    readonly seed: number;
    readonly signRand: number;
  };
  /** Fresh key pair, or the one determined by a 32-byte seed. */
  keygen(seed?: Bytes): { secretKey: Bytes; publicKey: Bytes };
  getPublicKey(secretKey: Bytes): Bytes;
  sign(msg: Bytes, secretKey: Bytes, opts?: SigOpts): Bytes;
  /** `false` if the signature does not verify; throws on wrong lengths or a context over 255 bytes. */
  verify(sig: Bytes, msg: Bytes, publicKey: Bytes, opts?: VerOpts): boolean;
}

/** A hash function in the style of @noble/hashes: callable, with its DER OID (checked at run time). */
export interface PreHashFn {
  (msg: Bytes): Bytes;
  readonly oid?: Bytes;
  readonly outputLen?: number;
}
export type PreHashName =
  | 'SHA2-224' | 'SHA2-256' | 'SHA2-384' | 'SHA2-512' | 'SHA2-512/224' | 'SHA2-512/256'
  | 'SHA3-224' | 'SHA3-256' | 'SHA3-384' | 'SHA3-512' | 'SHAKE-128' | 'SHAKE-256';

export interface InternalOpts {
  /** `msg` is the 64-byte mu instead of M'. */
  externalMu?: boolean;
}

export interface DSA extends Signer {
  readonly securityLevel: number;
  /**
   * HashML-DSA (FIPS 204 section 5.4). With a hash function, sign/verify hash `msg`
   * themselves; with a name, `msg` is the digest PH(M) computed by the caller.
   */
  prehash(hash: PreHashFn | PreHashName): Signer;
  /** Sign_internal / Verify_internal on M', or on mu with `{ externalMu: true }`. */
  readonly internal: Omit<Signer, 'sign' | 'verify'> & {
    sign(msg: Bytes, secretKey: Bytes, opts?: InternalOpts & { extraEntropy?: Bytes | false }): Bytes;
    verify(sig: Bytes, msg: Bytes, publicKey: Bytes, opts?: InternalOpts): boolean;
  };
  /** mu = H(H(pk, 64) || 0 || |ctx| || ctx || msg, 64), for `internal` with `externalMu` (pqlattice extension). */
  computeMu(publicKey: Bytes, msg: Bytes, opts?: VerOpts): Bytes;
  /** Signing keys parsed once: from the 32-byte seed xi, or from a secret key (checked). */
  readonly SigningKey: PrivateKeyFileReader<SigningKey> & { fromSeed(seed: Bytes): SigningKey; fromBytes(secretKey: Bytes): SigningKey };
  /** Verifying keys parsed once. */
  readonly VerifyingKey: PublicKeyFileReader<VerifyingKey> & { fromBytes(publicKey: Bytes): VerifyingKey };
}

export declare const ml_kem512: KEM;
export declare const ml_kem768: KEM;
export declare const ml_kem1024: KEM;
export declare const ml_dsa44: DSA;
export declare const ml_dsa65: DSA;
export declare const ml_dsa87: DSA;

/** The arithmetic backend in use: `'wasm-simd128'` in this build (WebAssembly SIMD128 kernels), or `'portable'` if forced. */
export function activeBackend(): string;
/** Forces the backend (`'portable'` or `'wasm-simd128'`) for later calls; returns false (and changes nothing) if unavailable. Results are bit-identical; meant for testing and benchmarking. */
export function forceBackend(name: string): boolean;

/** X-Wing (draft-connolly-cfrg-xwing-kem-10): ML-KEM-768 + X25519 with the SHA3-256 combiner. The shape of @noble/post-quantum's `ml_kem768_x25519`. */
export interface XWing {
  readonly info: { readonly type: 'hybrid-kem'; readonly name: 'X-Wing' };
  readonly lengths: {
    /** 32: the secret key is the seed */
    readonly seed: number;
    readonly secretKey: number;
    readonly publicKey: number;
    readonly cipherText: number;
    /** 32 (noble's name for the shared secret length) */
    readonly msg: number;
    /** 64: `eseed` of EncapsulateDerand */
    readonly msgRand: number;
    readonly sharedSecret: number;
  };
  /** Fresh key pair, or the one determined by a 32-byte seed; `secretKey` is the seed. */
  keygen(seed?: Bytes): { secretKey: Bytes; publicKey: Bytes };
  /** The 1216-byte public key of a 32-byte secret key. */
  getPublicKey(secretKey: Bytes): Bytes;
  /** Throws on a malformed public key. `msgRand` (64 bytes) makes it deterministic (known-answer tests only). */
  encapsulate(publicKey: Bytes, msgRand?: Bytes): { cipherText: Bytes; sharedSecret: Bytes };
  /** Throws on wrong lengths; never on a tampered ciphertext (which gives another secret). */
  decapsulate(cipherText: Bytes, secretKey: Bytes): Bytes;
}
export declare const xwing: XWing;
/** The same object as `xwing`, under @noble/post-quantum's name. */
export declare const ml_kem768_x25519: XWing;

/** A PeerId: a fingerprint text (or 64 hex digits), or its 32 bytes. */
export type PeerIdLike = string | Bytes;
/**
 * Which peers a handshake accepts (docs/channel.md section 3.1), checked after the peer
 * proved its key: exactly one PeerId, any of a list (at most 1024), trust on first use
 * (`null` for a first contact, else the id on record), or any authenticated peer (then
 * look at `peerId()` yourself).
 */
export type PeerPolicy =
  | { pin: PeerIdLike }
  | { allow: readonly PeerIdLike[] }
  | { trustOnFirstUse: PeerIdLike | null }
  | { anyPeer: true };

/** A long-term identity: an ML-DSA-65 key pair kept as its 32-byte seed, in the module until `free()`. */
export interface ChannelIdentity extends KeyObject {
  /** The 32-byte seed: the whole secret (store it encrypted). */
  seed(): Bytes;
  /** SHA3-256 of the verifying key with the PeerId prefix: 32 bytes. */
  peerId(): Bytes;
  /** The PeerId as people compare it: 13 groups of 4 base32 characters. */
  fingerprint(): string;
  /** The ML-DSA-65 verifying key (1952 bytes). */
  getPublicKey(): Bytes;
}

export type HandshakeStep = 'write' | 'read' | 'done' | 'failed';

/**
 * One side of the handshake (the library's sans-IO state machine). Call `writeMessage()`
 * when `nextStep()` is `'write'` and send the bytes; pass what arrives to `readMessage()`
 * when it is `'read'`; `intoSession()` when `'done'`. Any error is fatal: later calls throw.
 */
export interface ChannelHandshake extends KeyObject {
  role(): 'initiator' | 'responder' | '';
  nextStep(): HandshakeStep;
  writeMessage(): Bytes;
  readMessage(message: Bytes): void;
  /** The peer's PeerId once authenticated and accepted by the policy. */
  peerId(): Bytes | undefined;
  peerFingerprint(): string | undefined;
  intoSession(): ChannelSession;
}

export type Received =
  | { type: 'data'; data: Bytes }
  | { type: 'keyUpdate' }
  | { type: 'close' };

/** An established session: one record per call, sent and received in order by the application. */
export interface ChannelSession extends KeyObject {
  /** One record (data.length + 18 bytes) carrying at most 65536 bytes. */
  seal(data: Bytes): Bytes;
  /** Opens the next record. Any error but "closed" is fatal for the session. */
  open(record: Bytes): Received;
  /** A key-update record: this side sends under the next key afterwards. */
  updateKeys(): Bytes;
  /** The close record: the last one this side sends. */
  close(): Bytes;
  /** `length` (1 to 8160) bytes bound to this session, `label` and `context`; equal on both sides. */
  export(label: Bytes, context: Bytes, length: number): Bytes;
  peerId(): Bytes;
  peerFingerprint(): string;
  /** TH_final: the same on both sides, unique per session (a channel-binding value). */
  transcriptHash(): Bytes;
  role(): 'initiator' | 'responder';
  isSendClosed(): boolean;
  isReceiveClosed(): boolean;
  isFailed(): boolean;
}

/** The pqlattice secure channel (docs/channel.md): X-Wing + ML-DSA-65 handshake with pinned identities, ChaCha20-Poly1305 records. */
export declare const channel: {
  readonly Identity: {
    fromSeed(seed: Bytes): ChannelIdentity;
    generate(): ChannelIdentity;
  };
  readonly Handshake: {
    initiator(identity: ChannelIdentity, policy: PeerPolicy): ChannelHandshake;
    responder(identity: ChannelIdentity, policy: PeerPolicy): ChannelHandshake;
  };
  /** 32 bytes from a fingerprint text (either case; `-`, `:` and spaces ignored) or 64 hex digits. */
  parsePeerId(text: string): Bytes;
  /** The fingerprint text of a 32-byte PeerId. */
  fingerprint(peerId: Bytes): string;
  readonly version: number;
  readonly suite: number;
  readonly lengths: {
    readonly initiatorHello: number;
    readonly responderHello: number;
    readonly initiatorAuth: number;
    readonly maxRecordPlaintext: number;
    readonly recordOverhead: number;
    readonly maxRecord: number;
    readonly maxExport: number;
    readonly maxAllowList: number;
    readonly peerId: number;
    readonly seed: number;
  };
};
