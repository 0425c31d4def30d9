//! Placement groups to CRUSH inputs as the OSD map computes them: `ceph_stable_mod` of the
//! placement seed over `pgp_num`, then the pool hash (`HASHPSPOOL`) or the legacy sum.

use super::hash::hash2;

/// `ceph_stable_mod`: `x mod b` that moves few values when `b` grows, with `mask` the next power
/// of two minus one.
pub fn stable_mod(x: u32, b: u32, mask: u32) -> u32 {
    if x & mask < b {
        x & mask
    } else {
        x & (mask >> 1)
    }
}

/// The mask Ceph keeps for `pg_num`/`pgp_num`: the smallest `2^k - 1` at or above `n - 1`.
pub fn mask_for(n: u32) -> u32 {
    if n <= 1 {
        return 0;
    }
    let bits = 32 - (n - 1).leading_zeros();
    ((1u64 << bits) - 1) as u32
}

/// The CRUSH input `x` of placement group `ps` of pool `pool` with `pgp_num` placement seeds;
/// `hashpspool` is the pool flag every pool created since Firefly carries.
pub fn pg_to_x(pool: u32, ps: u32, pgp_num: u32, hashpspool: bool) -> u32 {
    let seed = stable_mod(ps, pgp_num, mask_for(pgp_num));
    if hashpspool {
        hash2(seed, pool)
    } else {
        seed.wrapping_add(pool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_mod_folds_into_range() {
        assert_eq!(mask_for(12), 15);
        assert_eq!(mask_for(16), 15);
        assert_eq!(mask_for(17), 31);
        assert_eq!(mask_for(1), 0);
        for ps in 0..64 {
            assert!(stable_mod(ps, 12, 15) < 12);
        }
        assert_eq!(stable_mod(13, 12, 15), 5);
        assert_eq!(stable_mod(11, 12, 15), 11);
    }
}
