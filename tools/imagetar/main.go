// Command imagetar writes the aigw-backend container image as a tarball
// (`docker save` layout, loadable with `podman load -i` / `docker load -i`)
// without any container engine or registry, using go-containerregistry.
//
// It reads the same registry-free Containerfile that `make image` builds
// (build/Containerfile.local), so the two images cannot drift: the
// Containerfile's ARG defaults, LABEL, ENV, USER and ENTRYPOINT become the
// image config, and its COPY instructions (sources relative to -context) become
// the single layer. Only the subset that file uses is accepted: FROM scratch,
// ARG, LABEL, ENV, COPY SRC DST, USER, ENTRYPOINT in exec form, comments and
// line continuations; anything else is an error rather than silently ignored.
//
//	imagetar -f build/Containerfile.local -context dist/image-tar \
//	    -build-arg VERSION=v0.1.0 -platform linux/amd64 \
//	    -tag ghcr.io/aigw-dev/aigw-backend:v0.1.0 -tag ghcr.io/aigw-dev/aigw-backend:dev \
//	    -o dist/aigw-backend-image-linux-amd64.tar
//
// The output is reproducible: file times and the image creation time are
// -epoch (default: $SOURCE_DATE_EPOCH, else 0), owners are 0:0.
package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// defaultPath is the PATH that BuildKit and buildah put into images built
// FROM scratch; set here too so all three builds have the same config.
const defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "imagetar:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("imagetar", flag.ContinueOnError)
	file := fs.String("f", "build/Containerfile.local", "Containerfile to read")
	context := fs.String("context", ".", "directory the COPY sources are relative to")
	out := fs.String("o", "", "output tarball (required)")
	platform := fs.String("platform", "linux/amd64", "OS/ARCH[/VARIANT] of the binary in the context")
	epochDefault := int64(0)
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH=%q: %w", s, err)
		}
		epochDefault = v
	}
	epoch := fs.Int64("epoch", epochDefault, "timestamp (unix seconds) for files and the image")
	var tags, buildArgs multiFlag
	fs.Var(&tags, "tag", "image reference to record in the tarball (repeatable, at least one)")
	fs.Var(&buildArgs, "build-arg", "NAME=VALUE for an ARG of the Containerfile (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || len(tags) == 0 || fs.NArg() > 0 {
		return errors.New("usage: imagetar -f CONTAINERFILE -context DIR -o OUT.tar -tag REF [-tag REF...] [-build-arg K=V] [-platform OS/ARCH] [-epoch SECONDS]")
	}
	argValues := map[string]string{}
	for _, a := range buildArgs {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("-build-arg %q: want NAME=VALUE", a)
		}
		argValues[k] = v
	}
	src, err := os.ReadFile(*file)
	if err != nil {
		return err
	}
	spec, err := parseContainerfile(string(src), argValues)
	if err != nil {
		return fmt.Errorf("%s: %w", *file, err)
	}
	plat, err := v1.ParsePlatform(*platform)
	if err != nil {
		return fmt.Errorf("-platform %q: %w", *platform, err)
	}
	created := time.Unix(*epoch, 0).UTC()
	img, err := buildImage(spec, *context, plat, created)
	if err != nil {
		return err
	}
	refs := map[name.Reference]v1.Image{}
	for _, t := range tags {
		ref, err := name.NewTag(t)
		if err != nil {
			return fmt.Errorf("-tag %q: %w", t, err)
		}
		refs[ref] = img
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := tarball.MultiRefWriteToFile(*out, refs); err != nil {
		return err
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imagetar: wrote %s (%s, %d KiB, %s) tagged %s\n",
		*out, plat, st.Size()/1024, digest, strings.Join(tags, " "))
	return nil
}

// imageSpec is what the supported Containerfile subset describes.
type imageSpec struct {
	Labels     map[string]string
	Env        []string
	User       string
	Entrypoint []string
	Copies     []copyOp
}

type copyOp struct{ Src, Dst string }

// logicalLines joins continuation lines and drops comments and blank lines.
func logicalLines(src string) []string {
	var lines []string
	var cur strings.Builder
	for _, raw := range strings.Split(src, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && cur.Len() == 0) {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\"))
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(line)
		if s := strings.TrimSpace(cur.String()); s != "" {
			lines = append(lines, s)
		}
		cur.Reset()
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		lines = append(lines, s)
	}
	return lines
}

func parseContainerfile(src string, buildArgs map[string]string) (*imageSpec, error) {
	spec := &imageSpec{Labels: map[string]string{}, Env: []string{defaultPath}}
	vars := map[string]string{}
	used := map[string]bool{}
	sawFrom := false
	for _, line := range logicalLines(src) {
		instr, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		instr = strings.ToUpper(instr)
		if !sawFrom && instr != "FROM" && instr != "ARG" {
			return nil, fmt.Errorf("%s before FROM", instr)
		}
		switch instr {
		case "FROM":
			if sawFrom {
				return nil, errors.New("more than one FROM: only single-stage Containerfiles are supported")
			}
			if rest != "scratch" {
				return nil, fmt.Errorf("FROM %s: only FROM scratch is supported (nothing is pulled)", rest)
			}
			sawFrom = true
		case "ARG":
			k, def, hasDef := strings.Cut(rest, "=")
			if v, ok := buildArgs[k]; ok {
				vars[k] = v
				used[k] = true
			} else if hasDef {
				vars[k] = unquote(def)
			} else {
				vars[k] = ""
			}
		case "LABEL", "ENV":
			kvs, err := splitKeyValues(rest)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", instr, err)
			}
			for _, kv := range kvs {
				v := expand(kv[1], vars)
				if instr == "LABEL" {
					spec.Labels[kv[0]] = v
				} else {
					spec.Env = setEnv(spec.Env, kv[0], v)
					vars[kv[0]] = v
				}
			}
		case "COPY":
			f := strings.Fields(rest)
			if len(f) != 2 || strings.HasPrefix(f[0], "--") {
				return nil, fmt.Errorf("COPY %s: only `COPY SRC DST` with one source and no flags is supported", rest)
			}
			spec.Copies = append(spec.Copies, copyOp{Src: expand(f[0], vars), Dst: expand(f[1], vars)})
		case "USER":
			spec.User = expand(rest, vars)
		case "ENTRYPOINT":
			var ep []string
			if err := json.Unmarshal([]byte(rest), &ep); err != nil {
				return nil, fmt.Errorf("ENTRYPOINT %s: only the exec (JSON array) form is supported: %w", rest, err)
			}
			spec.Entrypoint = ep
		default:
			return nil, fmt.Errorf("instruction %s is not supported by imagetar", instr)
		}
	}
	if !sawFrom {
		return nil, errors.New("no FROM")
	}
	for k := range buildArgs {
		if !used[k] {
			return nil, fmt.Errorf("-build-arg %s: the Containerfile declares no ARG %s", k, k)
		}
	}
	if len(spec.Entrypoint) == 0 {
		return nil, errors.New("no ENTRYPOINT")
	}
	return spec, nil
}

// splitKeyValues splits `k1="v 1" k2=v2` (quotes as in Dockerfiles).
func splitKeyValues(s string) ([][2]string, error) {
	var out [][2]string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || strings.ContainsAny(s[:eq], " \t\"") {
			return nil, fmt.Errorf("want KEY=VALUE pairs, got %q", s)
		}
		key := s[:eq]
		s = s[eq+1:]
		var val string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated quote in value of %s", key)
			}
			val, s = b.String(), s[i+1:]
		} else {
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		out = append(out, [2]string{key, val})
	}
	return out, nil
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// expand substitutes ${NAME} and $NAME from ARG/ENV values.
func expand(s string, vars map[string]string) string {
	return os.Expand(s, func(k string) string { return vars[k] })
}

func setEnv(env []string, k, v string) []string {
	for i, e := range env {
		if strings.HasPrefix(e, k+"=") {
			env[i] = k + "=" + v
			return env
		}
	}
	return append(env, k+"="+v)
}

// layerTar builds the single layer: parent directories, then the copied files
// in Containerfile order, owned by 0:0, mode from the source file.
func layerTar(copies []copyOp, contextDir string, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	var addDir func(string) error
	addDir = func(d string) error {
		if d == "." || d == "/" || d == "" || dirs[d] {
			return nil
		}
		if err := addDir(path.Dir(d)); err != nil {
			return err
		}
		dirs[d] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: mtime, Format: tar.FormatPAX})
	}
	for _, c := range copies {
		if !path.IsAbs(c.Dst) || strings.HasSuffix(c.Dst, "/") {
			return nil, fmt.Errorf("COPY %s %s: the destination must be an absolute file path", c.Src, c.Dst)
		}
		dst := strings.TrimPrefix(path.Clean(c.Dst), "/")
		srcPath := filepath.Join(contextDir, filepath.FromSlash(c.Src))
		st, err := os.Stat(srcPath)
		if err != nil {
			return nil, fmt.Errorf("COPY %s: %w", c.Src, err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("COPY %s: only regular files are supported", c.Src)
		}
		data, err := os.ReadFile(srcPath)
		if err != nil {
			return nil, err
		}
		if err := addDir(path.Dir(dst)); err != nil {
			return nil, err
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: dst, Mode: int64(st.Mode().Perm()), Size: int64(len(data)), ModTime: mtime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func buildImage(spec *imageSpec, contextDir string, plat *v1.Platform, created time.Time) (v1.Image, error) {
	layerBytes, err := layerTar(spec.Copies, contextDir, created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerBytes)), nil
	})
	if err != nil {
		return nil, err
	}
	var srcs []string
	for _, c := range spec.Copies {
		srcs = append(srcs, c.Src+" "+c.Dst)
	}
	img, err := mutate.Append(empty.Image, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   v1.Time{Time: created},
			CreatedBy: "imagetar: COPY " + strings.Join(srcs, ", "),
		},
	})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Variant, cf.OSVersion = plat.OS, plat.Architecture, plat.Variant, plat.OSVersion
	cf.Created = v1.Time{Time: created}
	cf.Config.Entrypoint = spec.Entrypoint
	cf.Config.User = spec.User
	cf.Config.Env = spec.Env
	cf.Config.Labels = spec.Labels
	return mutate.ConfigFile(img, cf)
}
