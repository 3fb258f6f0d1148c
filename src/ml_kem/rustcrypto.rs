//! The RustCrypto `kem` 0.3 traits (feature `rustcrypto`); see [`crate::rustcrypto`].

use super::{
    Ciphertext, DecapsulationKey, EncapsulationKey, MlKem512, MlKem768, MlKem1024, SEED_SIZE,
};
use hybrid_array::sizes::{U768, U800, U1088, U1184, U1568};
use kem::common::array::Array;
use kem::consts::{U32, U64};
use kem::{
    Decapsulate, Decapsulator, Encapsulate, Generate, InvalidKey, Kem, Key, KeyExport, KeyInit,
    KeySizeUser, TryKeyInit,
};
use rand_core::{CryptoRng, TryCryptoRng};
use zeroize::Zeroizing;

macro_rules! kem_traits {
    ($P:ty, $ek:ty, $ct:ty) => {
        /// The parameter set as a RustCrypto [`Kem`]: pqlattice's key types, a
        /// 32-byte shared key and this parameter set's ciphertext size.
        impl Kem for $P {
            type DecapsulationKey = DecapsulationKey<$P>;
            type EncapsulationKey = EncapsulationKey<$P>;
            type SharedKeySize = U32;
            type CiphertextSize = $ct;
        }

        impl KeySizeUser for EncapsulationKey<$P> {
            type KeySize = $ek;
        }

        /// Parses the encoded key with the FIPS 203 section 7.2 check
        /// ([`EncapsulationKey::from_bytes`]): a failed check is [`InvalidKey`].
        impl TryKeyInit for EncapsulationKey<$P> {
            fn new(key: &Key<Self>) -> Result<Self, InvalidKey> {
                Self::from_bytes(key.as_slice()).map_err(|_| InvalidKey)
            }
        }

        impl KeyExport for EncapsulationKey<$P> {
            fn to_bytes(&self) -> Key<Self> {
                Array::from(self.bytes)
            }
        }

        impl Encapsulate for EncapsulationKey<$P> {
            type Kem = $P;

            fn encapsulate_with_rng<R: CryptoRng + ?Sized>(
                &self,
                rng: &mut R,
            ) -> (kem::Ciphertext<$P>, kem::SharedKey<$P>) {
                let (ct, k) = EncapsulationKey::<$P>::encapsulate(self, rng);
                (Array::from(ct.bytes), Array::from(*k.as_bytes()))
            }
        }

        impl Decapsulator for DecapsulationKey<$P> {
            type Kem = $P;

            fn encapsulation_key(&self) -> &EncapsulationKey<$P> {
                &self.ek
            }
        }

        /// ML-KEM.Decaps with implicit rejection ([`DecapsulationKey::decapsulate`]).
        impl Decapsulate for DecapsulationKey<$P> {
            fn decapsulate(&self, ct: &kem::Ciphertext<$P>) -> kem::SharedKey<$P> {
                let ct = Ciphertext::<$P> {
                    bytes: (*ct).into(),
                };
                Array::from(*DecapsulationKey::<$P>::decapsulate(self, &ct).as_bytes())
            }
        }

        /// ML-KEM.KeyGen with the 64-byte seed d || z from the (fallible) `rng`.
        impl Generate for DecapsulationKey<$P> {
            fn try_generate_from_rng<R: TryCryptoRng + ?Sized>(
                rng: &mut R,
            ) -> Result<Self, R::Error> {
                let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
                rng.try_fill_bytes(&mut seed[..])?;
                Ok(Self::from_seed(&seed))
            }
        }

        /// The key is the 64-byte seed d || z.
        impl KeySizeUser for DecapsulationKey<$P> {
            type KeySize = U64;
        }

        /// ML-KEM.KeyGen_internal from the 64-byte seed d || z
        /// ([`DecapsulationKey::from_seed`]).
        impl KeyInit for DecapsulationKey<$P> {
            fn new(seed: &Key<Self>) -> Self {
                let seed = Zeroizing::new(<[u8; SEED_SIZE]>::from(*seed));
                Self::from_seed(&seed)
            }
        }
    };
}

kem_traits!(MlKem512, U800, U768);
kem_traits!(MlKem768, U1184, U1088);
kem_traits!(MlKem1024, U1568, U1568);
