# bench/kptpkg.sh — sourced by bench/e2e.sh and bench/compare.sh.
# kpt_package DIR EXEC INPUT: the items of the ResourceList INPUT as a kpt
# package in DIR (kpt fn sink), with a Kptfile whose pipeline runs EXEC as
# its one exec mutator.
kpt_package() {
	"$KPT" fn sink "$1" <"$3" >/dev/null 2>&1
	cat >"$1/Kptfile" <<KPTFILE
apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: bench
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
    - exec: $2
KPTFILE
}
