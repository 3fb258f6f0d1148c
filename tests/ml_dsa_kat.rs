//! Every record of the post-quantum-cryptography/KAT deterministic ML-DSA files
//! (`kat_MLDSA_{44,65,87}_det_{raw,pure,hashed}.rsp`), checked as
//! `test-vectors/README.md` prescribes.
#![cfg(feature = "hazmat")]

mod common;
use common::{prehash, read_gz};
use pqlattice::ml_dsa::{ParameterSet, PreHash, SigningKey};
use std::collections::HashMap;

fn records(file: &str) -> Vec<HashMap<String, String>> {
    let mut out: Vec<HashMap<String, String>> = Vec::new();
    for line in read_gz(file).lines() {
        let Some((k, v)) = line.split_once(" = ") else {
            assert!(line.trim().is_empty(), "unparsed line {line}");
            continue;
        };
        if k == "count" {
            out.push(HashMap::new());
        }
        out.last_mut().unwrap().insert(k.to_string(), v.to_string());
    }
    out
}

fn h(r: &HashMap<String, String>, k: &str) -> Vec<u8> {
    hex::decode(&r[k]).unwrap()
}

fn run<P: ParameterSet>(flavour: &str, hash: PreHash) {
    let file = format!(
        "kat/MLDSA/kat_MLDSA_{}_det_{flavour}.rsp.gz",
        &P::NAME["ML-DSA-".len()..]
    );
    let recs = records(&file);
    let mut n = 0;
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["count"], i.to_string());
        let sk = SigningKey::<P>::from_seed(&h(r, "xi").try_into().unwrap());
        let vk = sk.verifying_key();
        assert_eq!(vk.as_bytes().as_ref(), h(r, "pk"), "{file} count {i}");
        assert_eq!(sk.to_bytes().as_ref(), h(r, "sk"), "{file} count {i}");
        let msg = h(r, "msg");
        assert_eq!(msg.len(), r["mlen"].parse::<usize>().unwrap());
        let sm = h(r, "sm");
        assert_eq!(sm.len(), r["smlen"].parse::<usize>().unwrap());
        let expected = &sm[..sm.len() - msg.len()];
        assert_eq!(&sm[sm.len() - msg.len()..], &msg[..]);
        let sig = match flavour {
            "raw" => {
                let sig = sk.sign_internal(&msg, &[0; 32]);
                assert!(vk.verify_internal(&msg, &sig));
                sig
            }
            "pure" => {
                let ctx = h(r, "ctx");
                let sig = sk.sign_deterministic(&msg, &ctx).unwrap();
                vk.verify(&msg, &ctx, &sig).unwrap();
                sig
            }
            "hashed" => {
                let ctx = h(r, "ctx");
                let ph = prehash(hash, &msg);
                let sig = sk.sign_prehash_deterministic(hash, &ph, &ctx).unwrap();
                vk.verify_prehash(hash, &ph, &ctx, &sig).unwrap();
                sig
            }
            _ => unreachable!(),
        };
        assert_eq!(sig.as_bytes().as_ref(), expected, "{file} count {i}");
        n += 1;
    }
    println!("{file}: {n} cases");
    assert_eq!(n, 100);
}

use pqlattice::ml_dsa::{MlDsa44, MlDsa65, MlDsa87};

#[test]
fn kat_raw() {
    run::<MlDsa44>("raw", PreHash::Sha2_256);
    run::<MlDsa65>("raw", PreHash::Sha2_384);
    run::<MlDsa87>("raw", PreHash::Sha2_512);
}

#[test]
fn kat_pure() {
    run::<MlDsa44>("pure", PreHash::Sha2_256);
    run::<MlDsa65>("pure", PreHash::Sha2_384);
    run::<MlDsa87>("pure", PreHash::Sha2_512);
}

#[test]
fn kat_hashed() {
    run::<MlDsa44>("hashed", PreHash::Sha2_256);
    run::<MlDsa65>("hashed", PreHash::Sha2_384);
    run::<MlDsa87>("hashed", PreHash::Sha2_512);
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
