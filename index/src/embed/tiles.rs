//! Whether this process may use AMX int8 tiles: the CPU has them and Linux grants the
//! (per-process) permission for the large tile state. A leaf: `simd` picks the level by it and
//! `gemm` packs tiles by that level.

#[cfg(target_arch = "x86_64")]
use std::arch::asm;
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{__cpuid, __cpuid_count};
use std::sync::OnceLock;

/// Whether this process may use AMX int8 tiles: the CPU has them and Linux granted the
/// (per-process) permission to use the large tile state.
pub fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    #[cfg(target_arch = "x86_64")]
    return *OK.get_or_init(|| cpu_has_amx() && request_permission());
    #[cfg(not(target_arch = "x86_64"))]
    false
}

#[cfg(target_arch = "x86_64")]
fn cpu_has_amx() -> bool {
    if __cpuid(0).eax < 7 {
        return false;
    }
    // CPUID.(7,0):EDX bit 24 AMX-TILE, bit 25 AMX-INT8.
    let edx = __cpuid_count(7, 0).edx;
    edx & (1 << 24) != 0 && edx & (1 << 25) != 0
}

/// `arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)`: without it the first tile
/// instruction kills the process (Linux 5.16 and later; earlier kernels refuse, so no AMX).
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn request_permission() -> bool {
    const SYS_ARCH_PRCTL: i64 = 158;
    const ARCH_REQ_XCOMP_PERM: i64 = 0x1023;
    const XFEATURE_XTILEDATA: i64 = 18;
    let ret: i64;
    // Safety: a system call that only changes this process's permissions; it clobbers rcx and
    // r11 as every syscall does.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") SYS_ARCH_PRCTL => ret,
            in("rdi") ARCH_REQ_XCOMP_PERM,
            in("rsi") XFEATURE_XTILEDATA,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack)
        );
    }
    ret == 0
}

#[cfg(all(target_arch = "x86_64", not(target_os = "linux")))]
fn request_permission() -> bool {
    false
}
