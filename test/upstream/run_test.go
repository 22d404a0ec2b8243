package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Environment the test reads; `make upstream-check` sets all of them.
const (
	envFunction = "AIGW_BACKEND_BIN"       // the function binary under test
	envAIGW     = "AIGW_UPSTREAM_AIGW"     // AI Gateway's aigw
	envEgctl    = "AIGW_UPSTREAM_EGCTL"    // Envoy Gateway's egctl
	envXDSDump  = "AIGW_UPSTREAM_XDSDUMP"  // ./xdsdump, the stand-in for Envoy
	envTimeout  = "AIGW_UPSTREAM_TIMEOUT"  // per-run timeout (Go duration), default 3m
	envKeep     = "AIGW_UPSTREAM_KEEP_DIR" // keep the run directories (debugging)
)

// envoyVersion is the Envoy version Envoy Gateway v1.8.1 asks func-e for; the
// dumper is installed where func-e looks for it, so nothing is downloaded.
const envoyVersion = "1.38.1"

// throwawayUID runs aigw when the test runs as root. Envoy Gateway takes its
// home directory from the user database, not $HOME, and writes certificates
// and state there; a uid with no passwd entry makes Go's os/user (aigw is
// built with CGO_ENABLED=0) fall back to $HOME, a directory the test owns.
const throwawayUID = 64123

// fixedPorts are the ports aigw and Envoy Gateway bind whatever the input:
// runs are serial and each waits for them to be free.
var fixedPorts = []int{1061, 1064, 9856, 18000, 19000, 19001}

type bins struct{ function, aigw, egctl, xdsdump string }

// aigwRun is what one `aigw run` left behind.
type aigwRun struct {
	dir       string
	resources []obj  // envoy-ai-gateway-resources/config.yaml: what Envoy Gateway was fed
	filterRaw []byte // extproc-config.yaml: the AI Gateway filter config
	filter    filterConfig
	xds       *xdsDump // nil when the control plane never served the stand-in Envoy
	xdsErr    error
	log       string
}

func runTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(envTimeout)); err == nil && d > 0 {
		return d
	}
	return 3 * time.Minute
}

// runAIGW feeds pkg to `aigw run` with the dumper installed as Envoy and waits
// until the dumper has the xDS configuration (or the run fails or times out).
// needXDS=false stops after AI Gateway's own translation (filter config and
// written resources), for credential types that cannot complete offline.
func runAIGW(b bins, pkg []byte, needXDS bool, timeout time.Duration) (*aigwRun, error) {
	if err := waitPortsFree(30 * time.Second); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "upstream-check-")
	if err != nil {
		return nil, fmt.Errorf("creating run directory: %w", err)
	}
	r := &aigwRun{dir: dir}
	paths := map[string]string{}
	for _, d := range []string{"home", "config", "data", "state", "runtime", "tmp", "xds"} {
		paths[d] = filepath.Join(dir, d)
		if err := os.MkdirAll(paths[d], 0o755); err != nil {
			return r, fmt.Errorf("creating %s: %w", d, err)
		}
	}
	envoyBin := filepath.Join(paths["data"], "envoy-versions", envoyVersion, "bin", "envoy")
	if err := copyFile(b.xdsdump, envoyBin); err != nil {
		return r, err
	}
	configPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, pkg, 0o644); err != nil {
		return r, fmt.Errorf("writing package: %w", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.Command(b.aigw, "run", configPath)
	cmd.Dir = dir
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + paths["home"],
		"USER=upstream-check",
		"TMPDIR=" + paths["tmp"],
		"AIGW_CONFIG_HOME=" + paths["config"],
		"AIGW_DATA_HOME=" + paths["data"],
		"AIGW_STATE_HOME=" + paths["state"],
		"AIGW_RUNTIME_DIR=" + paths["runtime"],
		"AIGW_RUN_ID=check",
		"XDSDUMP_OUT=" + paths["xds"],
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var restoreHome func()
	if os.Geteuid() == 0 {
		if u, err := user.LookupId(strconv.Itoa(throwawayUID)); err == nil {
			return r, fmt.Errorf("uid %d is %q in the user database: Envoy Gateway would write to its home %s; change throwawayUID", throwawayUID, u.Username, u.HomeDir)
		}
		if err := chownTree(dir, throwawayUID); err != nil {
			return r, err
		}
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: throwawayUID, Gid: throwawayUID}
	} else {
		restoreHome = guardUserHome()
	}
	if err := cmd.Start(); err != nil {
		return r, fmt.Errorf("starting aigw: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		stopProcess(cmd.Process.Pid, paths["xds"], exited)
		if restoreHome != nil {
			restoreHome()
		}
	}

	runDir := filepath.Join(paths["state"], "runs", "check")
	filterPath := filepath.Join(runDir, "extproc-config.yaml")
	var waitErr error
	ready := func() bool {
		if !needXDS {
			return fileExists(filterPath)
		}
		return fileExists(filepath.Join(paths["xds"], "done"))
	}
	tick := time.NewTicker(100 * time.Millisecond)
wait:
	for {
		select {
		case <-ctx.Done():
			waitErr = fmt.Errorf("timed out after %s", timeout)
			break wait
		case err := <-exited:
			// aigw exits 0 even when Envoy Gateway failed: only the files count.
			exited <- err
			if !ready() {
				waitErr = fmt.Errorf("aigw exited (%v) before the run was complete", err)
			}
			break wait
		case <-tick.C:
			if ready() {
				// The filter config is written before Envoy Gateway starts;
				// give the in-process extproc a moment so a failure to load
				// it shows in the log too.
				break wait
			}
		}
	}
	tick.Stop()
	stop()

	logBytes, _ := os.ReadFile(filepath.Join(runDir, "aigw.log"))
	r.log = string(logBytes) + "\n--- aigw stdout/stderr ---\n" + out.String()
	if b, err := os.ReadFile(filepath.Join(runDir, "envoy-ai-gateway-resources", "config.yaml")); err == nil {
		if r.resources, err = parseDocs(b); err != nil {
			return r, fmt.Errorf("parsing the resources aigw wrote: %w", err)
		}
	}
	if b, err := os.ReadFile(filterPath); err == nil {
		r.filterRaw = b
		if err := parseFilterConfig(b, &r.filter); err != nil {
			return r, err
		}
	}
	if needXDS {
		r.xds, r.xdsErr = readXDSDump(filepath.Join(paths["xds"], "xds.json"))
	}
	if waitErr != nil {
		return r, fmt.Errorf("aigw run: %w\n%s", waitErr, tail(r.log, 40))
	}
	return r, nil
}

// stopProcess ends aigw's process group and the dumper (which func-e may
// start in a group of its own), then waits for aigw.
func stopProcess(pid int, xdsDir string, exited chan error) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	if b, err := os.ReadFile(filepath.Join(xdsDir, "pid")); err == nil {
		if dpid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && dpid > 1 {
			_ = syscall.Kill(dpid, syscall.SIGTERM)
		}
	}
	select {
	case err := <-exited:
		exited <- err
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		exited <- <-exited
	}
}

// waitPortsFree waits until no process listens on the fixed ports (a
// previous run may still be shutting down).
func waitPortsFree(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		busy := 0
		for _, p := range fixedPorts {
			c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)), 200*time.Millisecond)
			if err == nil {
				c.Close()
				busy = p
				break
			}
		}
		if busy == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d is still in use after %s: another aigw (or something else) holds it; the upstream check needs ports %v", busy, limit, fixedPorts)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// guardUserHome is the fallback when the test cannot switch users: Envoy
// Gateway then writes below the real home directory. It removes afterwards
// what the run created there, and leaves alone what existed before.
func guardUserHome() func() {
	home, err := os.UserHomeDir()
	if err != nil {
		return func() {}
	}
	var created []string
	for _, d := range []string{".config/envoy-gateway", ".local/share/envoy-gateway", ".local/state/envoy-gateway", ".eg"} {
		p := filepath.Join(home, d)
		if !fileExists(p) {
			created = append(created, p)
		}
	}
	return func() {
		for _, p := range created {
			_ = os.RemoveAll(p)
		}
	}
}

func chownTree(root string, uid int) error {
	return filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(p, uid, uid); err != nil {
			return fmt.Errorf("handing %s to the throwaway user: %w", p, err)
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(dst), err)
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("opening %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copying %s: %w", src, err)
	}
	return out.Close()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// egctlResult is the `egctl x translate` output for the resources aigw wrote.
type egctlResult struct {
	gatewayAPI map[string]any // translated resources with their statuses
	raw        []byte
}

// runEgctl runs Envoy Gateway's standalone translator on the resources AI
// Gateway produced (what Envoy Gateway was fed inside aigw) and returns the
// Gateway API resources with the statuses Envoy Gateway set.
func runEgctl(b bins, resources []obj, dir string, timeout time.Duration) (*egctlResult, error) {
	in, err := renderDocs(resources)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "egctl-input.yaml")
	if err := os.WriteFile(file, in, 0o644); err != nil {
		return nil, fmt.Errorf("writing egctl input: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.egctl, "x", "translate", "--from", "gateway-api", "--to", "gateway-api", "-o", "json", "-f", file)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(dir, "home")}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("egctl x translate: %w\n%s", err, stderr.String())
	}
	res := &egctlResult{raw: out}
	if err := json.Unmarshal(out, &res.gatewayAPI); err != nil {
		return nil, fmt.Errorf("parsing egctl output: %w", err)
	}
	return res, nil
}

var errNoXDS = errors.New("the stand-in Envoy received no xDS configuration")
