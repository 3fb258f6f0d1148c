// Type-checks index.d.ts of the packed module as a TypeScript user sees it
// (tsc -p test/tsconfig.json; nothing is emitted or run).
import { ml_kem512, ml_kem768, ml_dsa44, ml_dsa65, xwing, ml_kem768_x25519, channel, type DSA, type KEM, type DecapsulationKey, type SigningKey, type XWing, type ChannelSession, type PeerPolicy, type Received } from 'pqlattice-wasm';
import { ml_kem768_x25519 as nobleXWing } from '@noble/post-quantum/hybrid.js';
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
// X-Wing, also under noble's name.
const xw: XWing = ml_kem768_x25519;
const xk = xwing.keygen(new Uint8Array(32));
const xe = xwing.encapsulate(xk.publicKey, new Uint8Array(64));
const xss: Uint8Array = xw.decapsulate(xe.cipherText, xk.secretKey);
// Noble's secret key (the same 32-byte seed) works with ours.
const fromNoble: Uint8Array = xwing.getPublicKey(nobleXWing.keygen().secretKey);
// Channel.
const me = channel.Identity.generate();
const fp: string = me.fingerprint();
const policies: PeerPolicy[] = [{ pin: fp }, { allow: [me.peerId(), fp] }, { trustOnFirstUse: null }, { anyPeer: true }];
const hs = channel.Handshake.initiator(me, { pin: channel.parsePeerId(fp) });
const step: 'write' | 'read' | 'done' | 'failed' = hs.nextStep();
if (step === 'write') hs.readMessage(hs.writeMessage());
const sess: ChannelSession = hs.intoSession();
const got: Received = sess.open(sess.seal(new Uint8Array(3)));
const gotData: Uint8Array | undefined = got.type === 'data' ? got.data : undefined;
const exported: Uint8Array = sess.export(new Uint8Array(1), new Uint8Array(0), 32);
sess.free();
// @ts-expect-error: a policy has exactly one known key
channel.Handshake.responder(me, { pinned: fp });
// @ts-expect-error: anyPeer must be true
channel.Handshake.responder(me, { anyPeer: false });
// @ts-expect-error: a key update carries no data
const noData: Uint8Array = sess.open(new Uint8Array(18)).data;
export { xss, fromNoble, policies, gotData, exported, noData };
export { spki, p8, streamOk, ssObj, okObj, kems, ss, pk, ok, ph2, muSig, n, dsas, sharedSecret, notBytes };
