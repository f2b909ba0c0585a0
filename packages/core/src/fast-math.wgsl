// The det-math interface (dm_*) on the GPU's own arithmetic: builtins, contraction allowed, no
// pinning. For runs that trade CPU/GPU bit identity for speed (`math: 'fast'`): results then agree
// with the CPU backend to float32 tolerance, not bit for bit. Same names as det-math.wgsl, so any
// kernel takes either prelude unchanged.

var<private> dm_zero: u32;

fn dm_pin(x: f32) -> f32 { return x; }
fn dm_add(a: f32, b: f32) -> f32 { return a + b; }
fn dm_sub(a: f32, b: f32) -> f32 { return a - b; }
fn dm_mul(a: f32, b: f32) -> f32 { return a * b; }
fn dm_div(a: f32, b: f32) -> f32 { return a / b; }
fn dm_recip(x: f32) -> f32 { return 1.0 / x; }
fn dm_sqrt(x: f32) -> f32 { return sqrt(x); }
fn dm_exp(x: f32) -> f32 { return exp(x); }
// exp(x) − 1 loses its digits near 0; a short series there.
fn dm_expm1(x: f32) -> f32 { return select(exp(x) - 1.0, x * (1.0 + x * (0.5 + x * (1.0 / 6.0))), abs(x) < 1e-3); }
fn dm_log(x: f32) -> f32 { return log(x); }
fn dm_sin(x: f32) -> f32 { return sin(x); }
fn dm_cos(x: f32) -> f32 { return cos(x); }
fn dm_tanh(x: f32) -> f32 { return tanh(x); }
fn dm_pow(x: f32, y: f32) -> f32 { return pow(x, y); }
fn dm_ldexp(x: f32, k: i32) -> f32 { return ldexp(x, k); }
