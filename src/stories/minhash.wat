;; MinHash signatures with 128-bit SIMD: four hash functions a vector, sixteen a pass over the shingles.
;; The same values as `minhashJs` in minhash.ts: h_i(x) = (a_i·x + b_i) mod 2^32, the least over the set.
;; Memory layout (32-bit words): a[0..k) at 0, b[0..k) at k, the signature at 2k, the shingles at 3k.
;; Rebuild the bytes in minhash-wasm.ts with `npm run build:wasm` after changing this file.
(module
  (memory (export "memory") 1)
  ;; k: hash functions, a multiple of 16; n: shingles.
  (func (export "minhash") (param $k i32) (param $n i32)
    (local $p i32) (local $j i32) (local $at i32) (local $end i32) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    ;; Byte offsets: shingles from 12k to 12k + 4n.
    (local.set $end (i32.add (i32.mul (local.get $k) (i32.const 12)) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $p (i32.const 0))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        ;; This pass's sixteen functions: a at 4p, b at 4(k + p).
        (local.set $at (i32.shl (local.get $p) (i32.const 2)))
        (local.set $a0 (v128.load offset=0 (local.get $at)))
        (local.set $a1 (v128.load offset=16 (local.get $at)))
        (local.set $a2 (v128.load offset=32 (local.get $at)))
        (local.set $a3 (v128.load offset=48 (local.get $at)))
        (local.set $at (i32.shl (i32.add (local.get $k) (local.get $p)) (i32.const 2)))
        (local.set $b0 (v128.load offset=0 (local.get $at)))
        (local.set $b1 (v128.load offset=16 (local.get $at)))
        (local.set $b2 (v128.load offset=32 (local.get $at)))
        (local.set $b3 (v128.load offset=48 (local.get $at)))
        (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m1 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m2 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $m3 (v128.const i32x4 -1 -1 -1 -1))
        (local.set $j (i32.mul (local.get $k) (i32.const 12)))
        (block $shingles_done
          (loop $shingles
            (br_if $shingles_done (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $x (v128.load32_splat (local.get $j)))
            (local.set $m0 (i32x4.min_u (local.get $m0) (i32x4.add (i32x4.mul (local.get $x) (local.get $a0)) (local.get $b0))))
            (local.set $m1 (i32x4.min_u (local.get $m1) (i32x4.add (i32x4.mul (local.get $x) (local.get $a1)) (local.get $b1))))
            (local.set $m2 (i32x4.min_u (local.get $m2) (i32x4.add (i32x4.mul (local.get $x) (local.get $a2)) (local.get $b2))))
            (local.set $m3 (i32x4.min_u (local.get $m3) (i32x4.add (i32x4.mul (local.get $x) (local.get $a3)) (local.get $b3))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $shingles)))
        ;; The signature's sixteen values at 4(2k + p).
        (local.set $at (i32.shl (i32.add (i32.shl (local.get $k) (i32.const 1)) (local.get $p)) (i32.const 2)))
        (v128.store offset=0 (local.get $at) (local.get $m0))
        (v128.store offset=16 (local.get $at) (local.get $m1))
        (v128.store offset=32 (local.get $at) (local.get $m2))
        (v128.store offset=48 (local.get $at) (local.get $m3))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pass)))))
