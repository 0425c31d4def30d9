//! CRUSH's only hash, rjenkins1 (Robert Jenkins' 32-bit mix), on two to four 32-bit inputs; the
//! three-input form also over several lanes at once (independent hashes the CPU can run side by
//! side, in SIMD registers where it has them).

const SEED: u32 = 1_315_423_911;
const X: u32 = 231_232;
const Y: u32 = 1232;

/// One line of the mix per lane: `a = (a - b - c) ^ shifted(c)`. Written lane by lane so that
/// several lanes compile to SIMD instructions.
#[inline(always)]
fn line<const N: usize>(a: &mut [u32; N], b: &[u32; N], c: &[u32; N], shifted: fn(u32) -> u32) {
    for i in 0..N {
        a[i] = a[i].wrapping_sub(b[i]).wrapping_sub(c[i]) ^ shifted(c[i]);
    }
}

/// One round of Jenkins' mix over three words per lane; `c` carries the result.
#[inline(always)]
fn mix<const N: usize>(a: &mut [u32; N], b: &mut [u32; N], c: &mut [u32; N]) {
    line(a, b, c, |c| c >> 13);
    line(b, c, a, |a| a << 8);
    line(c, a, b, |b| b >> 13);
    line(a, b, c, |c| c >> 12);
    line(b, c, a, |a| a << 16);
    line(c, a, b, |b| b >> 5);
    line(a, b, c, |c| c >> 3);
    line(b, c, a, |a| a << 10);
    line(c, a, b, |b| b >> 15);
}

/// rjenkins1 of two words (device "out" draws, placement-group seeds).
pub fn hash2(a: u32, b: u32) -> u32 {
    let (mut a, mut b) = ([a], [b]);
    let mut h = [SEED ^ a[0] ^ b[0]];
    let (mut x, mut y) = ([X], [Y]);
    mix(&mut a, &mut b, &mut h);
    mix(&mut x, &mut a, &mut h);
    mix(&mut b, &mut y, &mut h);
    h[0]
}

/// rjenkins1 of three words per lane: lane `i` is `hash3(a, b[i], c[i])`.
#[inline(never)]
pub fn hash3_lanes<const N: usize>(a: u32, b: [u32; N], c: [u32; N]) -> [u32; N] {
    let (mut a, mut b, mut c) = ([a; N], b, c);
    let mut h = [0; N];
    for i in 0..N {
        h[i] = SEED ^ a[i] ^ b[i] ^ c[i];
    }
    let (mut x, mut y) = ([X; N], [Y; N]);
    mix(&mut a, &mut b, &mut h);
    mix(&mut c, &mut x, &mut h);
    mix(&mut y, &mut a, &mut h);
    mix(&mut b, &mut x, &mut h);
    mix(&mut y, &mut c, &mut h);
    h
}

/// rjenkins1 of three words (straw, straw2 and uniform buckets).
pub fn hash3(a: u32, b: u32, c: u32) -> u32 {
    hash3_lanes(a, [b], [c])[0]
}

/// rjenkins1 of four words (list and tree buckets).
pub fn hash4(a: u32, b: u32, c: u32, d: u32) -> u32 {
    let (mut a, mut b, mut c, mut d) = ([a], [b], [c], [d]);
    let mut h = [SEED ^ a[0] ^ b[0] ^ c[0] ^ d[0]];
    let (mut x, mut y) = ([X], [Y]);
    mix(&mut a, &mut b, &mut h);
    mix(&mut c, &mut d, &mut h);
    mix(&mut a, &mut x, &mut h);
    mix(&mut y, &mut b, &mut h);
    mix(&mut c, &mut x, &mut h);
    mix(&mut y, &mut d, &mut h);
    h[0]
}
