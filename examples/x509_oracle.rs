//! The Rust side of the OpenSSL key-file check (scripts/x509-oracle.sh):
//!
//!     cargo run --release --example x509_oracle -- DIR
//!
//! Reads the keys, ciphertexts and signatures that Python `cryptography` (OpenSSL)
//! wrote into DIR (`py-*`), checks them, and writes pqlattice's own (`rs-*`) for the
//! Python side to check. Exits non-zero on the first mismatch.

use pqlattice::pkcs8::PrivateKeyFormat;
use pqlattice::{Error, ml_dsa, ml_kem};
use std::path::Path;
use std::process::ExitCode;

const MSG: &[u8] = b"pqlattice x509 oracle message";
const CTX: &[u8] = b"oracle-ctx";
const ROUNDS: usize = 3;

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    std::fs::write(dir.join(name), data).unwrap_or_else(|e| panic!("{name}: {e}"));
}

fn text(dir: &Path, name: &str) -> String {
    String::from_utf8(read(dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what.to_string()) }
}

fn kem<P: ml_kem::ParameterSet>(dir: &Path, alg: &str, seed_byte: u8) -> Result<(), String> {
    type Dk<P> = ml_kem::DecapsulationKey<P>;
    type Ek<P> = ml_kem::EncapsulationKey<P>;
    let e = |x: Error| format!("{alg}: {x}");
    for i in 0..ROUNDS {
        // OpenSSL's keys.
        let base = format!("py-{alg}-{i}");
        let dk = Dk::<P>::from_pkcs8_der(&read(dir, &format!("{base}.priv.der"))).map_err(e)?;
        let dk_pem = Dk::<P>::from_pkcs8_pem(&text(dir, &format!("{base}.priv.pem"))).map_err(e)?;
        check(dk == dk_pem, "PEM and DER private keys differ")?;
        let ek = Ek::<P>::from_public_key_der(&read(dir, &format!("{base}.pub.der"))).map_err(e)?;
        let ek_pem =
            Ek::<P>::from_public_key_pem(&text(dir, &format!("{base}.pub.pem"))).map_err(e)?;
        check(
            &ek == dk.encapsulation_key() && ek == ek_pem,
            "public key differs",
        )?;
        check(
            dk.seed().map(|s| &s[..]) == Some(&read(dir, &format!("{base}.seed"))[..]),
            "seed differs",
        )?;
        let ct =
            ml_kem::Ciphertext::<P>::from_bytes(&read(dir, &format!("{base}.ct"))).map_err(e)?;
        check(
            dk.decapsulate(&ct).as_bytes()[..] == read(dir, &format!("{base}.ss"))[..],
            "shared secret differs",
        )?;

        // Ours, for OpenSSL.
        let kp = ml_kem::KeyPair::<P>::from_seed(&[seed_byte.wrapping_add(i as u8); 64]);
        let dk = kp.decapsulation_key();
        let base = format!("rs-{alg}-{i}");
        for (form, f) in [
            ("seed", PrivateKeyFormat::Seed),
            ("both", PrivateKeyFormat::Both),
            ("expanded", PrivateKeyFormat::Expanded),
        ] {
            write(
                dir,
                &format!("{base}.{form}.der"),
                &dk.to_pkcs8_der_as(f).map_err(e)?,
            );
        }
        write(
            dir,
            &format!("{base}.seed.pem"),
            kp.to_pkcs8_pem().as_bytes(),
        );
        write(dir, &format!("{base}.seed"), kp.seed());
        write(
            dir,
            &format!("{base}.pub.der"),
            &kp.encapsulation_key().to_public_key_der(),
        );
        write(
            dir,
            &format!("{base}.pub.pem"),
            kp.encapsulation_key().to_public_key_pem().as_bytes(),
        );
        let (ct, ss) = kp
            .encapsulation_key()
            .encapsulate_with_os_rng()
            .map_err(e)?;
        write(dir, &format!("{base}.ct"), ct.as_bytes().as_ref());
        write(dir, &format!("{base}.ss"), ss.as_bytes());
    }
    Ok(())
}

fn dsa<P: ml_dsa::ParameterSet>(dir: &Path, alg: &str, seed_byte: u8) -> Result<(), String> {
    type Sk<P> = ml_dsa::SigningKey<P>;
    type Vk<P> = ml_dsa::VerifyingKey<P>;
    let e = |x: Error| format!("{alg}: {x}");
    for i in 0..ROUNDS {
        let base = format!("py-{alg}-{i}");
        let sk = Sk::<P>::from_pkcs8_der(&read(dir, &format!("{base}.priv.der"))).map_err(e)?;
        let sk_pem = Sk::<P>::from_pkcs8_pem(&text(dir, &format!("{base}.priv.pem"))).map_err(e)?;
        check(sk == sk_pem, "PEM and DER private keys differ")?;
        let vk = Vk::<P>::from_public_key_der(&read(dir, &format!("{base}.pub.der"))).map_err(e)?;
        let vk_pem =
            Vk::<P>::from_public_key_pem(&text(dir, &format!("{base}.pub.pem"))).map_err(e)?;
        check(
            vk == sk.verifying_key() && vk == vk_pem,
            "public key differs",
        )?;
        check(
            sk.seed().map(|s| &s[..]) == Some(&read(dir, &format!("{base}.seed"))[..]),
            "seed differs",
        )?;
        let sig =
            ml_dsa::Signature::<P>::from_bytes(&read(dir, &format!("{base}.sig"))).map_err(e)?;
        vk.verify(MSG, CTX, &sig).map_err(e)?;
        check(
            vk.verify(b"other", CTX, &sig).is_err(),
            "forged signature verified",
        )?;

        let kp = ml_dsa::KeyPair::<P>::from_seed(&[seed_byte.wrapping_add(i as u8); 32]);
        let sk = kp.signing_key();
        let base = format!("rs-{alg}-{i}");
        for (form, f) in [
            ("seed", PrivateKeyFormat::Seed),
            ("both", PrivateKeyFormat::Both),
            ("expanded", PrivateKeyFormat::Expanded),
        ] {
            write(
                dir,
                &format!("{base}.{form}.der"),
                &sk.to_pkcs8_der_as(f).map_err(e)?,
            );
        }
        write(
            dir,
            &format!("{base}.seed.pem"),
            kp.to_pkcs8_pem().as_bytes(),
        );
        write(dir, &format!("{base}.seed"), kp.seed());
        write(
            dir,
            &format!("{base}.pub.der"),
            &kp.verifying_key().to_public_key_der(),
        );
        write(
            dir,
            &format!("{base}.pub.pem"),
            kp.verifying_key().to_public_key_pem().as_bytes(),
        );
        let sig = sk.sign_with_os_rng(MSG, CTX).map_err(e)?;
        write(dir, &format!("{base}.sig"), sig.as_bytes().as_ref());
    }
    Ok(())
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: x509_oracle DIR");
        return ExitCode::from(2);
    };
    let dir = Path::new(&dir);
    let result = kem::<ml_kem::MlKem768>(dir, "ML-KEM-768", 1)
        .and_then(|()| kem::<ml_kem::MlKem1024>(dir, "ML-KEM-1024", 11))
        .and_then(|()| dsa::<ml_dsa::MlDsa44>(dir, "ML-DSA-44", 21))
        .and_then(|()| dsa::<ml_dsa::MlDsa65>(dir, "ML-DSA-65", 31))
        .and_then(|()| dsa::<ml_dsa::MlDsa87>(dir, "ML-DSA-87", 41));
    match result {
        Ok(()) => {
            println!(
                "rust: read {} OpenSSL key pairs (PKCS#8 and SPKI, DER and PEM), their ciphertexts and signatures; wrote ours",
                5 * ROUNDS
            );
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("x509_oracle: {msg}");
            ExitCode::FAILURE
        }
    }
}
