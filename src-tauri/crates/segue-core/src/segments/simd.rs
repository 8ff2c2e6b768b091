//! The bridge between the kernel and [`pulp`]: vector operations on `f32` and `f64` for any
//! instruction set pulp dispatches to, so that one generic kernel serves both types and every
//! processor.

use pulp::{bytemuck, Arch, Simd, WithSimd};

use super::KMeansFloat;

/// A name for the instruction set pulp dispatches to on this processor.
pub(crate) fn arch_name(arch: Arch) -> &'static str {
    #[cfg(target_arch = "x86_64")]
    match arch {
        Arch::V4(_) => "x86-64-v4 (AVX-512, FMA)",
        Arch::V3(_) => "x86-64-v3 (AVX2, FMA)",
        _ => "portable (no AVX2)",
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = arch;
        "portable"
    }
}

/// Vector operations on `F` for any pulp instruction set `S`: the bridge that lets one kernel
/// serve `f32` and `f64`. Sealed through the private module it lives in.
pub trait Lanes: Copy + PartialOrd + Send + Sync + 'static {
    /// A vector of `Self` for the instruction set `S`.
    type V<S: Simd>: Copy;
    /// Lanes in one vector.
    fn v_lanes<S: Simd>() -> usize;
    /// All lanes set to `v`.
    fn v_splat<S: Simd>(s: S, v: Self) -> Self::V<S>;
    /// The first `lanes` values of `v` (any alignment).
    fn v_load<S: Simd>(s: S, v: &[Self]) -> Self::V<S>;
    /// `a·b + c`: fused where vectors are real SIMD; multiply-then-add on pulp's scalar fallback,
    /// where a fused multiply-add could be a slow library call.
    fn v_mul_add<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S>;
    /// `a − b`, lane-wise.
    fn v_sub<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a·b + c` rounded after the product and after the sum (never fused), so that the result is
    /// the same on every instruction set.
    fn v_mul_then_add<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S>;
    /// Writes the lanes of `v`, in order, to the start of `out`.
    fn v_store<S: Simd>(v: Self::V<S>, out: &mut [Self]);
    /// Lane-wise maximum.
    fn v_max<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// Lane-wise minimum.
    fn v_min<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// Lanes of `when_eq` where `a == b`, else lanes of `other`.
    fn v_select_eq<S: Simd>(
        s: S,
        a: Self::V<S>,
        b: Self::V<S>,
        when_eq: Self::V<S>,
        other: Self::V<S>,
    ) -> Self::V<S>;

    /// Largest lane.
    fn v_reduce_max<S: Simd>(s: S, a: Self::V<S>) -> Self;
    /// Smallest lane.
    fn v_reduce_min<S: Simd>(s: S, a: Self::V<S>) -> Self;
}

macro_rules! lanes_impl {
    ($t:ty, $v:ident, $n:ident, $splat:ident, $fma:ident, $add:ident, $sub:ident, $mul:ident,
     $max:ident, $min:ident, $eq:ident, $sel:ident, $rmax:ident, $rmin:ident) => {
        impl Lanes for $t {
            type V<S: Simd> = S::$v;
            #[inline(always)]
            fn v_lanes<S: Simd>() -> usize {
                S::$n
            }
            #[inline(always)]
            fn v_splat<S: Simd>(s: S, v: Self) -> S::$v {
                s.$splat(v)
            }
            #[inline(always)]
            fn v_load<S: Simd>(_: S, v: &[Self]) -> S::$v {
                bytemuck::pod_read_unaligned(bytemuck::cast_slice(&v[..S::$n]))
            }
            #[inline(always)]
            fn v_mul_add<S: Simd>(s: S, a: S::$v, b: S::$v, c: S::$v) -> S::$v {
                if S::IS_SCALAR {
                    s.$add(s.$mul(a, b), c)
                } else {
                    s.$fma(a, b, c)
                }
            }
            #[inline(always)]
            fn v_sub<S: Simd>(s: S, a: S::$v, b: S::$v) -> S::$v {
                s.$sub(a, b)
            }
            #[inline(always)]
            fn v_mul_then_add<S: Simd>(s: S, a: S::$v, b: S::$v, c: S::$v) -> S::$v {
                s.$add(s.$mul(a, b), c)
            }
            #[inline(always)]
            fn v_store<S: Simd>(v: S::$v, out: &mut [Self]) {
                out[..S::$n].copy_from_slice(bytemuck::cast_slice(bytemuck::bytes_of(&v)));
            }
            #[inline(always)]
            fn v_max<S: Simd>(s: S, a: S::$v, b: S::$v) -> S::$v {
                s.$max(a, b)
            }
            #[inline(always)]
            fn v_min<S: Simd>(s: S, a: S::$v, b: S::$v) -> S::$v {
                s.$min(a, b)
            }
            #[inline(always)]
            fn v_select_eq<S: Simd>(
                s: S,
                a: S::$v,
                b: S::$v,
                when_eq: S::$v,
                other: S::$v,
            ) -> S::$v {
                s.$sel(s.$eq(a, b), when_eq, other)
            }
            #[inline(always)]
            fn v_reduce_max<S: Simd>(s: S, a: S::$v) -> Self {
                s.$rmax(a)
            }
            #[inline(always)]
            fn v_reduce_min<S: Simd>(s: S, a: S::$v) -> Self {
                s.$rmin(a)
            }
        }
    };
}

lanes_impl!(
    f32,
    f32s,
    F32_LANES,
    splat_f32s,
    mul_add_f32s,
    add_f32s,
    sub_f32s,
    mul_f32s,
    max_f32s,
    min_f32s,
    equal_f32s,
    select_f32s,
    reduce_max_f32s,
    reduce_min_f32s
);
lanes_impl!(
    f64,
    f64s,
    F64_LANES,
    splat_f64s,
    mul_add_f64s,
    add_f64s,
    sub_f64s,
    mul_f64s,
    max_f64s,
    min_f64s,
    equal_f64s,
    select_f64s,
    reduce_max_f64s,
    reduce_min_f64s
);

/// Vectors per panel row, for `k` centroids and `lanes` lanes per vector: enough to hold `k`
/// lanes, at most 4 (wider `k` takes several panels).
pub(crate) fn panel_vectors(k: usize, lanes: usize) -> usize {
    k.div_ceil(lanes).clamp(1, 4)
}

/// Lanes per vector of `F` under `arch`.
pub(crate) fn arch_lanes<F: KMeansFloat>(arch: Arch) -> usize {
    struct Count<F>(std::marker::PhantomData<F>);
    impl<F: KMeansFloat> WithSimd for Count<F> {
        type Output = usize;
        #[inline(always)]
        fn with_simd<S: Simd>(self, _: S) -> usize {
            F::v_lanes::<S>()
        }
    }
    arch.dispatch(Count::<F>(std::marker::PhantomData))
}
