// Type-checks index.d.ts of the packed module as a TypeScript user sees it
// (tsc -p test/tsconfig.json; nothing is emitted or run).
import { ml_kem512, ml_kem768, ml_dsa44, ml_dsa65, type DSA, type KEM, type DecapsulationKey, type SigningKey } from 'pqlattice-wasm';
import { sha512 } from '@noble/hashes/sha2.js';

const kems: KEM[] = [ml_kem512, ml_kem768];
const k = ml_kem768.keygen();
const { cipherText, sharedSecret } = ml_kem768.encapsulate(k.publicKey, new Uint8Array(32));
const ss: Uint8Array = ml_kem768.decapsulate(cipherText, k.secretKey);
const pk: Uint8Array = ml_kem768.getPublicKey(k.secretKey);
const d = ml_dsa65.keygen(new Uint8Array(32));
const sig = ml_dsa65.sign(new Uint8Array(1), d.secretKey, { context: new Uint8Array(1), extraEntropy: false });
const ok: boolean = ml_dsa65.verify(sig, new Uint8Array(1), d.publicKey, { context: new Uint8Array(1) });
const ph = ml_dsa65.prehash(sha512).sign(new Uint8Array(1), d.secretKey);
const ph2: boolean = ml_dsa44.prehash('SHA2-512').verify(ph, new Uint8Array(64), d.publicKey);
const mu = ml_dsa65.computeMu(d.publicKey, new Uint8Array(1));
const muSig = ml_dsa65.internal.sign(mu, d.secretKey, { externalMu: true });
const n: number = ml_dsa65.lengths.signature + ml_kem768.lengths.cipherText + ml_dsa65.securityLevel;
const dsas: DSA[] = [ml_dsa44, ml_dsa65];
const dkObj: DecapsulationKey = ml_kem768.DecapsulationKey.fromSeed(new Uint8Array(64));
const ssObj: Uint8Array = dkObj.decapsulate(ml_kem768.EncapsulationKey.fromBytes(dkObj.getPublicKey()).encapsulate().cipherText);
dkObj.free();
const skObj: SigningKey = ml_dsa65.SigningKey.fromBytes(d.secretKey);
const okObj: boolean = ml_dsa65.VerifyingKey.fromBytes(skObj.getPublicKey()).verify(skObj.sign(new Uint8Array(1), { extraEntropy: false }), new Uint8Array(1));
// Key files and streaming (pqlattice extension).
const spki: Uint8Array = ml_kem768.EncapsulationKey.fromSpkiPem('-----BEGIN PUBLIC KEY-----').toSpki();
const p8Pem: string = ml_dsa65.SigningKey.fromPkcs8(new Uint8Array(54)).toPkcs8Pem('both');
const p8: Uint8Array = ml_kem768.DecapsulationKey.fromPkcs8Pem(p8Pem).toPkcs8();
const streamSig: Uint8Array = skObj.signer({ context: new Uint8Array(1) }).update(new Uint8Array(1)).update(new Uint8Array(2)).sign({ extraEntropy: false });
const streamOk: boolean = ml_dsa65.VerifyingKey.fromSpki(spki).verifier().update(new Uint8Array(1)).verify(streamSig);
// @ts-expect-error: forms are 'seed', 'expanded' or 'both'
dkObj.toPkcs8('compact');
// @ts-expect-error: PEM is a string
ml_dsa65.VerifyingKey.fromSpkiPem(new Uint8Array(1));
// @ts-expect-error: a stream signer takes no message in sign()
skObj.signer().sign(new Uint8Array(1));
// @ts-expect-error: key objects are made by fromSeed / fromBytes, not from a string
ml_kem768.DecapsulationKey.fromBytes('key');
// @ts-expect-error: messages are bytes, not strings
ml_dsa65.sign('hello', d.secretKey);
// @ts-expect-error: unknown hash name
ml_dsa65.prehash('MD5');
// @ts-expect-error: verify returns a boolean
const notBytes: Uint8Array = ml_dsa65.verify(sig, new Uint8Array(1), d.publicKey);
export { spki, p8, streamOk, ssObj, okObj, kems, ss, pk, ok, ph2, muSig, n, dsas, sharedSecret, notBytes };
