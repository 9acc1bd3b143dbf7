#!/usr/bin/env bash
# Build a Qdrant server binary from source trees, for checking lexcite against
# a real server (scripts/qdrant_cluster_check.sh) where no release binary or
# network access to GitHub is at hand.
#
#   scripts/qdrant_from_source.sh QDRANT_SRC RAFT_SRC [OUT]
#
# QDRANT_SRC  a Qdrant source tree: a work tree, a plain directory, or a bare
#             git repository (its HEAD is used).
# RAFT_SRC    a tikv/raft-rs source tree of the same kinds; its commit should be
#             the revision Qdrant's Cargo.toml pins.
# OUT         where the binary is copied (default: target/qdrant/qdrant under
#             the lexcite repository root).
#
# The given trees are never modified: both are copied into a work directory
# ($QDRANT_WORK_DIR, default target/qdrant/build under the repository root),
# and only the copy is patched:
#   * `raft` and `raft-proto` become path dependencies on the raft-rs copy
#     (raft-proto lives in its `proto/` folder) instead of git dependencies;
#   * the `[patch.crates-io] tonic` fork (github.com/qdrant/tonic) is dropped,
#     so the crates.io tonic 0.14.x is used;
#   * the one call the fork alone has, `http2_max_local_error_reset_streams`,
#     is removed from lib/api/src/grpc/dynamic_channel_pool.rs.
# Running it again is cheap: the copy is kept while the sources' commits stay
# the same, the patches are only written where they are missing, and cargo
# rebuilds incrementally.
#
# Settings (environment):
#   QDRANT_WORK_DIR      work directory for the patched copies
#   CARGO_TARGET_DIR     cargo target dir (default: $QDRANT_WORK_DIR/target)
#   QDRANT_TOOLCHAIN     rustup toolchain (default: nightly; Qdrant 1.19 wants
#                        rustc 1.97)
#   QDRANT_LTO           release LTO: thin (default), fat (upstream's), false
#   QDRANT_CODEGEN_UNITS release codegen units (default 16; upstream uses 1)
#   QDRANT_NICE          nice level for cargo (default 19)
#   QDRANT_ALLOW_DIRTY=1 accept a work tree with uncommitted changes (copied
#                        as it is on disk)
#   QDRANT_ALLOW_RAFT_MISMATCH=1  accept a raft-rs commit other than the pin
# Needs: git, a rustup toolchain, protoc (Debian: protobuf-compiler), gcc.
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 2 && $# -le 3 ]] || usage

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/.." && pwd)"
abspath() { (cd "$1" && pwd); }

qdrant_src="$(abspath "$1")"
raft_src="$(abspath "$2")"
out="${3:-$repo_root/target/qdrant/qdrant}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work="${QDRANT_WORK_DIR:-$repo_root/target/qdrant/build}"
mkdir -p "$work"
work="$(abspath "$work")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$work/target}"
toolchain="${QDRANT_TOOLCHAIN:-nightly}"
lto="${QDRANT_LTO:-thin}"
cgu="${QDRANT_CODEGEN_UNITS:-16}"
nice_level="${QDRANT_NICE:-19}"
PATCH_VERSION=1

log() { printf '[qdrant_from_source] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v protoc >/dev/null || die "protoc not found (Debian: apt-get install -y protobuf-compiler)"
command -v cargo >/dev/null || die "cargo not found"

# --- describe a source: "git-bare", "git-worktree" or "plain" ----------------
src_kind() {
    if [[ "$(git -C "$1" rev-parse --is-bare-repository 2>/dev/null)" == true ]]; then
        echo git-bare
    elif [[ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" == "$1" ]]; then
        echo git-worktree
    else
        echo plain
    fi
}
src_commit() {
    case "$(src_kind "$1")" in
        git-bare | git-worktree) git -C "$1" rev-parse HEAD ;;
        plain) echo none ;;
    esac
}
# A fingerprint of what a copy was made from: the commit, or for a dirty tree /
# plain directory the newest mtime, so that a changed tree is copied again.
src_fingerprint() {
    local kind dirty=""
    kind="$(src_kind "$1")"
    case "$kind" in
        git-bare) echo "git:$(git -C "$1" rev-parse HEAD)" ;;
        git-worktree)
            if [[ -n "$(git -C "$1" status --porcelain --untracked-files=no)" ]]; then
                [[ "${QDRANT_ALLOW_DIRTY:-0}" == 1 ]] ||
                    die "$1 has uncommitted changes (set QDRANT_ALLOW_DIRTY=1 to copy it as it is)"
                dirty=":dirty:$(find "$1" -path "$1/.git" -prune -o -path "$1/target" -prune -o -type f -printf '%T@\n' | sort -n | tail -1)"
            fi
            echo "git:$(git -C "$1" rev-parse HEAD)$dirty" ;;
        plain) echo "plain:$(find "$1" -path "$1/target" -prune -o -type f -printf '%T@\n' | sort -n | tail -1)" ;;
    esac
}
# Copy a source tree to $2 (fresh). Committed content for a clean git source,
# the files on disk otherwise; never the .git directory or a target/ folder.
copy_tree() {
    local src="$1" dst="$2" kind
    kind="$(src_kind "$src")"
    rm -rf "$dst"
    mkdir -p "$dst"
    if [[ "$kind" == git-bare ]] ||
        { [[ "$kind" == git-worktree ]] && [[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ]]; }; then
        git -C "$src" archive --format=tar HEAD | tar -x -C "$dst"
    else
        tar -C "$src" --exclude=./.git --exclude=./target -cf - . | tar -x -C "$dst"
    fi
}

# --- copy (only when the sources changed) ------------------------------------
q_fp="$(src_fingerprint "$qdrant_src")"
r_fp="$(src_fingerprint "$raft_src")"
stamp="$work/.source-stamp"
want_stamp="patch=$PATCH_VERSION qdrant=$q_fp raft=$r_fp"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" && -f "$work/qdrant/Cargo.toml" && -f "$work/raft-rs/Cargo.toml" ]]; then
    log "reusing the copies in $work ($want_stamp)"
else
    log "copying $qdrant_src -> $work/qdrant"
    copy_tree "$qdrant_src" "$work/qdrant"
    log "copying $raft_src -> $work/raft-rs"
    copy_tree "$raft_src" "$work/raft-rs"
    echo "$want_stamp" >"$stamp"
fi
q="$work/qdrant"
r="$work/raft-rs"
[[ -f "$r/proto/Cargo.toml" ]] || die "$raft_src has no proto/Cargo.toml: not a raft-rs tree?"
grep -q '^name = "raft"' "$r/Cargo.toml" || die "$raft_src/Cargo.toml is not the raft crate"
grep -q '^name = "qdrant"' "$q/Cargo.toml" || die "$qdrant_src/Cargo.toml is not the qdrant crate"

# --- patch (idempotent: a file is only rewritten when its content changes) ---
# rewrite FILE PERL_EXPR: apply a perl substitution to the whole file.
rewrite() {
    local file="$1" expr="$2" tmp
    tmp="$(mktemp)"
    perl -0777 -pe "$expr" "$file" >"$tmp" || { rm -f "$tmp"; die "perl failed on $file"; }
    if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else cat "$tmp" >"$file"; rm -f "$tmp"; log "patched ${file#"$work"/}"; fi
}

pinned_rev="$(grep -oE 'tikv/raft-rs", *rev *= *"[0-9a-f]+' "$q/Cargo.toml" | grep -oE '[0-9a-f]{40}' | sort -u | head -1 || true)"
raft_commit="$(src_commit "$raft_src")"
if [[ -n "$pinned_rev" ]]; then
    echo "$pinned_rev" >"$work/.raft-pinned-rev"
else
    pinned_rev="$(cat "$work/.raft-pinned-rev" 2>/dev/null || echo unknown)"
fi
if [[ "$raft_commit" != "$pinned_rev" ]]; then
    msg="raft-rs source is at $raft_commit, Qdrant pins $pinned_rev"
    [[ "${QDRANT_ALLOW_RAFT_MISMATCH:-0}" == 1 ]] && log "warning: $msg" ||
        die "$msg (set QDRANT_ALLOW_RAFT_MISMATCH=1 to build anyway)"
fi

# raft / raft-proto: git -> path
RAFT_DIR="$r" rewrite "$q/Cargo.toml" '
    s{(\nraft\s*=\s*\{\s*)git\s*=\s*"https://github\.com/tikv/raft-rs"\s*,\s*rev\s*=\s*"[0-9a-f]+"}{$1path = "$ENV{RAFT_DIR}"}g;
    s{(\nraft-proto\s*=\s*\{\s*)git\s*=\s*"https://github\.com/tikv/raft-rs"\s*,\s*rev\s*=\s*"[0-9a-f]+"}{$1path = "$ENV{RAFT_DIR}/proto"}g;
'
# the tonic fork: drop the patch line (the section header may stay empty)
rewrite "$q/Cargo.toml" 's#\ntonic\s*=\s*\{[^\n]*github\.com/qdrant/tonic[^\n]*##g'
# the fork-only builder call
rewrite "$q/lib/api/src/grpc/dynamic_channel_pool.rs" 's{\s*\.http2_max_local_error_reset_streams\(\s*None\s*\)}{}g'

# every git dependency on raft-rs / the tonic fork must be gone
if left="$(grep -rnE --include=Cargo.toml 'github\.com/(tikv/raft-rs|qdrant/tonic)' "$q")"; then
    die "unpatched git dependencies remain:"$'\n'"$left"
fi
if grep -rn 'http2_max_local_error_reset_streams' "$q/lib" "$q/src" >/dev/null; then
    die "http2_max_local_error_reset_streams is still called somewhere"
fi
grep -q "path = \"$r\"" "$q/Cargo.toml" || die "the raft path dependency is missing from Cargo.toml"
grep -q "path = \"$r/proto\"" "$q/Cargo.toml" || die "the raft-proto path dependency is missing from Cargo.toml"

# --- build --------------------------------------------------------------------
log "rustc: $(rustc +"$toolchain" --version)"
log "cargo: $(cargo +"$toolchain" --version)"
log "protoc: $(protoc --version)"
log "qdrant source: $qdrant_src ($(src_commit "$qdrant_src"), version $(grep -m1 '^version' "$q/Cargo.toml" | cut -d'"' -f2))"
log "raft-rs source: $raft_src ($raft_commit)"
log "building: release, lto=$lto, codegen-units=$cgu, target dir $CARGO_TARGET_DIR"

q_commit="$(src_commit "$qdrant_src")"
[[ "$q_commit" != none ]] && export GIT_COMMIT_ID="$q_commit"
export CARGO_PROFILE_RELEASE_LTO="$lto"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="$cgu"
start=$(date +%s)
(cd "$q" && nice -n "$nice_level" cargo +"$toolchain" build --release --bin qdrant)
end=$(date +%s)
log "build took $((end - start)) s"

mkdir -p "$(dirname "$out")"
cp -f "$CARGO_TARGET_DIR/release/qdrant" "$out.tmp.$$"
mv -f "$out.tmp.$$" "$out"
log "binary: $out"
echo "rustc:  $(rustc +"$toolchain" --version)"
echo "qdrant: $("$out" --version)"
echo "raft-rs: $raft_commit"
echo "binary: $out"
