//! Every case of the NIST ACVP ML-KEM vectors (FIPS 203): keyGen, encapDecap and
//! encapDecap-tr1 (encapsulation, decapsulation with seed and expanded keys,
//! encapsulationKeyCheck, decapsulationKeyCheck). Source and format:
//! test-vectors/README.md.
#![cfg(feature = "hazmat")]

mod common;
use common::*;
use pqlattice::Error;
use pqlattice::ml_kem::{
    Ciphertext, DecapsulationKey, EncapsulationKey, MlKem512, MlKem768, MlKem1024, ParameterSet,
};

/// Runs `f::<P>` for the parameter set named `name`.
macro_rules! with_params {
    ($name:expr, $f:ident ( $($arg:expr),* )) => {
        match $name {
            "ML-KEM-512" => $f::<MlKem512>($($arg),*),
            "ML-KEM-768" => $f::<MlKem768>($($arg),*),
            "ML-KEM-1024" => $f::<MlKem1024>($($arg),*),
            other => panic!("unknown parameter set {other}"),
        }
    };
}

fn keygen_case<P: ParameterSet>(t: &serde_json::Value) {
    let mut seed = [0u8; 64];
    seed[..32].copy_from_slice(&hexf(t, "d"));
    seed[32..].copy_from_slice(&hexf(t, "z"));
    let (ek, dk) = pqlattice::ml_kem::generate_from_seed::<P>(&seed);
    assert_eq!(
        ek.as_bytes().as_ref(),
        &hexf(t, "ek")[..],
        "tcId {}",
        t["tcId"]
    );
    assert_eq!(
        dk.to_bytes().as_ref(),
        &hexf(t, "dk")[..],
        "tcId {}",
        t["tcId"]
    );
    assert_eq!(dk.seed(), Some(&seed));
    // The expanded key parses back to the same key.
    let dk2 = DecapsulationKey::<P>::from_bytes(&hexf(t, "dk")).unwrap();
    assert!(dk2 == dk && dk2.seed().is_none());
}

#[test]
fn acvp_keygen() {
    let file = "acvp/ML-KEM-keyGen-FIPS203/internalProjection.json.gz";
    let v = read_json(file);
    let mut n = 0;
    for g in v["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            with_params!(g["parameterSet"].as_str().unwrap(), keygen_case(t));
            n += 1;
        }
    }
    println!("{file}: {n} cases");
    assert_eq!(n, acvp_case_count(&v));
    assert_eq!(n, 75);
}

fn encapsulation_case<P: ParameterSet>(t: &serde_json::Value) {
    let ek = EncapsulationKey::<P>::from_bytes(&hexf(t, "ek")).unwrap();
    let m: [u8; 32] = hexf(t, "m").try_into().unwrap();
    let (ct, k) = ek.encapsulate_deterministic(&m);
    assert_eq!(
        ct.as_bytes().as_ref(),
        &hexf(t, "c")[..],
        "tcId {}",
        t["tcId"]
    );
    assert_eq!(&k.as_bytes()[..], &hexf(t, "k")[..], "tcId {}", t["tcId"]);
    // And it decapsulates with the given dk.
    let dk = DecapsulationKey::<P>::from_bytes(&hexf(t, "dk")).unwrap();
    assert_eq!(dk.decapsulate(&ct), k);
}

fn decapsulation_case<P: ParameterSet>(t: &serde_json::Value, key_format: &str) {
    let dk = match key_format {
        "seed" => {
            let mut seed = [0u8; 64];
            seed[..32].copy_from_slice(&hexf(t, "d"));
            seed[32..].copy_from_slice(&hexf(t, "z"));
            let dk = DecapsulationKey::<P>::from_seed(&seed);
            assert_eq!(dk.to_bytes().as_ref(), &hexf(t, "dk")[..]);
            dk
        }
        _ => DecapsulationKey::<P>::from_bytes(&hexf(t, "dk")).unwrap(),
    };
    let ct = Ciphertext::<P>::from_bytes(&hexf(t, "c")).unwrap();
    assert_eq!(
        &dk.decapsulate(&ct).as_bytes()[..],
        &hexf(t, "k")[..],
        "tcId {} ({})",
        t["tcId"],
        t["reason"]
    );
}

fn ek_check_case<P: ParameterSet>(t: &serde_json::Value) {
    let res = EncapsulationKey::<P>::from_bytes(&hexf(t, "ek"));
    let expected = t["testPassed"].as_bool().unwrap();
    assert_eq!(
        res.is_ok(),
        expected,
        "tcId {} ({})",
        t["tcId"],
        t["reason"]
    );
    if !expected {
        assert_eq!(res.unwrap_err(), Error::EncapsulationKeyCheck);
    }
}

fn dk_check_case<P: ParameterSet>(t: &serde_json::Value) {
    let res = DecapsulationKey::<P>::from_bytes(&hexf(t, "dk"));
    let expected = t["testPassed"].as_bool().unwrap();
    assert_eq!(
        res.is_ok(),
        expected,
        "tcId {} ({})",
        t["tcId"],
        t["reason"]
    );
    if !expected {
        assert_eq!(res.unwrap_err(), Error::DecapsulationKeyCheck);
    }
}

fn run_encap_decap(file: &str, expected_total: usize) {
    let v = read_json(file);
    let mut per_function = std::collections::BTreeMap::<String, usize>::new();
    let mut n = 0;
    for g in v["testGroups"].as_array().unwrap() {
        let p = g["parameterSet"].as_str().unwrap();
        let function = g["function"].as_str().unwrap();
        let key_format = g["keyFormat"].as_str().unwrap_or("expanded");
        for t in g["tests"].as_array().unwrap() {
            match function {
                "encapsulation" => with_params!(p, encapsulation_case(t)),
                "decapsulation" => with_params!(p, decapsulation_case(t, key_format)),
                "encapsulationKeyCheck" => with_params!(p, ek_check_case(t)),
                "decapsulationKeyCheck" => with_params!(p, dk_check_case(t)),
                other => panic!("unknown function {other}"),
            }
            *per_function
                .entry(format!("{function}/{key_format}"))
                .or_default() += 1;
            n += 1;
        }
    }
    println!("{file}: {n} cases {per_function:?}");
    assert_eq!(n, acvp_case_count(&v));
    assert_eq!(n, expected_total);
}

#[test]
fn acvp_encap_decap() {
    run_encap_decap(
        "acvp/ML-KEM-encapDecap-FIPS203/internalProjection.json.gz",
        165,
    );
}

#[test]
fn acvp_encap_decap_tr1() {
    run_encap_decap(
        "acvp/ML-KEM-encapDecap-FIPS203-tr1/internalProjection.json.gz",
        195,
    );
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
