package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	sdk "github.com/kptdev/krm-functions-sdk/go/fn"

	"github.com/aigw-dev/aigw-backend/lint"
)

// Rule identifiers of the check's own findings (lint findings keep lint's).
const (
	RuleDangling  = "dangling-reference"
	RuleNamespace = "namespace-mismatch"
	RuleSecret    = "secret-not-in-build"
	RuleCAKey     = "ca-bundle-missing-key"
)

// Severities for spec.secrets.
const (
	SecretsWarning = "warning"
	SecretsError   = "error"
	SecretsIgnore  = "ignore"
)

// Options are the AIBackendCheck settings.
type Options struct {
	// Secrets is how Secrets that a policy reads and the build does not
	// hold are reported: SecretsWarning (default), SecretsError or
	// SecretsIgnore.
	Secrets string
	// AIGatewayVersion is the target AI Gateway release for lint's rules
	// (lint.Options; main reads it from lint.EnvAIGatewayVersion). Not an
	// AIBackendCheck field: it comes from the command's environment.
	AIGatewayVersion string
}

// caKey is the key a BackendTLSPolicy reads from a CA bundle ConfigMap.
const caKey = "ca.crt"

// objects runs the check over the decoded objects of a build, in order.
func objects(objs []object, opt Options) sdk.Results {
	var live []object
	for _, o := range objs {
		if !o.localConfig() {
			live = append(live, o)
		}
	}
	ix := newIndex(live)
	secretSev := sdk.Warning
	switch opt.Secrets {
	case SecretsError:
		secretSev = sdk.Error
	case SecretsIgnore:
		secretSev = ""
	}
	// results per object, reported in the order of the build
	per := make([]sdk.Results, len(live))
	for i := range live {
		o := &live[i]
		for _, r := range objectRefs(o) {
			per[i] = append(per[i], ix.resolve(r)...)
		}
		if o.Kind != lint.KindBackendSecurityPolicy || o.group() != groupAIGW {
			continue
		}
		for _, u := range lint.SecretUses(&o.Object) {
			if res := ix.secret(o, u, secretSev); res != nil {
				per[i] = append(per[i], res)
			}
		}
	}
	lintResults(live, secretSev, per, lint.Options{AIGatewayVersion: opt.AIGatewayVersion})
	var out sdk.Results
	for _, r := range per {
		out = append(out, r...)
	}
	return out
}

// lintResults runs every lint rule over every object of the build and adds
// the findings to each object's results. The Secret-key rule follows
// spec.secrets; the others keep the severity lint gives them (an unknown
// field is an error, as in the function).
func lintResults(objs []object, secretSev sdk.Severity, per []sdk.Results, lo lint.Options) {
	los := make([]lint.Object, len(objs))
	for i := range objs {
		los[i] = objs[i].Object
	}
	for _, f := range lint.Check(los, lo) {
		sev := sdk.Warning
		if f.Severity == lint.SeverityError {
			sev = sdk.Error
		}
		if f.Rule == lint.RuleSecretKey {
			if secretSev == "" {
				continue
			}
			sev = secretSev
		}
		per[f.Object] = append(per[f.Object], result(&objs[f.Object], sev, f.Rule, f.Path, f.Message))
	}
}

func result(o *object, sev sdk.Severity, rule, path, msg string) *sdk.Result {
	r := &sdk.Result{
		Message:     msg,
		Severity:    sev,
		ResourceRef: &sdk.ResourceRef{APIVersion: o.APIVersion, Kind: o.Kind, Name: o.Name, Namespace: o.Namespace},
		Field:       &sdk.Field{Path: path},
		Tags:        map[string]string{"rule": rule},
	}
	if o.file != "" {
		r.File = &sdk.File{Path: o.file, Index: o.index}
	}
	return r
}

// index finds the build's objects by group, kind, namespace and name, also
// under the names they had earlier in a kustomize build.
type index struct {
	byKey  map[string]*object
	byName map[string][]*object // group|kind|name -> objects in any namespace
	inNS   map[string][]string  // group|kind|ns -> names, in build order
	// secrets are the Secrets the build delivers: v1 Secrets,
	// ExternalSecret targets and SealedSecrets, by namespace/name, with
	// the keys known to be present (nil: unknown, e.g. a template).
	secrets map[nsName]secretKeys
}

type secretKeys struct {
	from string // "Secret", "ExternalSecret ns/name", ...
	keys map[string]bool
}

func key(group, kind string, at nsName) string {
	return group + "|" + kind + "|" + at.ns + "/" + at.name
}

func newIndex(objs []object) *index {
	ix := &index{byKey: map[string]*object{}, byName: map[string][]*object{}, inNS: map[string][]string{}, secrets: map[nsName]secretKeys{}}
	for i := range objs {
		o := &objs[i]
		for _, at := range append([]nsName{{o.namespace(), o.Name}}, o.aliases...) {
			ix.byKey[key(o.group(), o.Kind, at)] = o
		}
		gk := o.group() + "|" + o.Kind + "|" + o.Name
		ix.byName[gk] = append(ix.byName[gk], o)
		gkn := o.group() + "|" + o.Kind + "|" + o.namespace()
		ix.inNS[gkn] = append(ix.inNS[gkn], o.Name)
		ix.addSecret(o)
	}
	return ix
}

// resolve reports a reference that names nothing in the build.
func (ix *index) resolve(r ref) sdk.Results {
	for _, ns := range r.namespaces() {
		if ix.byKey[key(r.group, r.kind, nsName{ns, r.name})] != nil {
			if r.kind == "ConfigMap" {
				return ix.caKey(r, ns)
			}
			return nil
		}
	}
	elsewhere := ix.byName[r.group+"|"+r.kind+"|"+r.name]
	if len(elsewhere) > 0 {
		var nss []string
		for _, o := range elsewhere {
			nss = append(nss, o.namespace())
		}
		sort.Strings(nss)
		nss = slices.Compact(nss)
		fix := fmt.Sprintf("references without a namespace resolve in the referrer's namespace %s: move one of them so both are in the same namespace", r.from.namespace())
		if r.explicitNS {
			fix = fmt.Sprintf("write namespace: %s, or move the %s", nss[0], r.kind)
		}
		return sdk.Results{result(r.from, sdk.Error, RuleNamespace, r.path, fmt.Sprintf(
			"names %s, which is not in the build; a %s %q is in namespace %s: %s (%s)",
			r.target(), r.kind, r.name, strings.Join(nss, ", "), fix, r.why))}
	}
	if renamed := ix.renamed(r.group, r.kind, nsName{r.ns, r.name}); renamed != "" {
		return sdk.Results{result(r.from, sdk.Error, RuleDangling, r.path, fmt.Sprintf(
			"names %s, which is not in the build, but %s %s is: a namePrefix, nameSuffix or generator hash renamed it and not this reference (%s); list the aigw-backend name-reference configuration (the kustomizeconfig Component) in the kustomization",
			r.target(), r.kind, renamed, r.why))}
	}
	return sdk.Results{result(r.from, sdk.Error, RuleDangling, r.path, fmt.Sprintf(
		"names %s, which is not in the build: %s; add the %s or correct the name",
		r.target(), r.why, r.kind))}
}

// caKey reports a CA bundle ConfigMap without the key BackendTLSPolicy reads.
func (ix *index) caKey(r ref, ns string) sdk.Results {
	cm := ix.byKey[key("", "ConfigMap", nsName{ns, r.name})]
	for _, f := range []string{"data", "binaryData"} {
		if _, ok := lint.Map(cm.Body, f)[caKey]; ok {
			return nil
		}
	}
	return sdk.Results{result(r.from, sdk.Warning, RuleCAKey, r.path, fmt.Sprintf(
		"names %s, which has no key %q: the BackendTLSPolicy reads the CA bundle from that key; add it", r.target(), caKey))}
}

// secret reports a Secret a policy reads that the build does not deliver.
// A Secret that is present but lacks the key is lint's Secret-key rule
// (for v1 Secrets) or reported here (ExternalSecret/SealedSecret with
// known keys).
func (ix *index) secret(o *object, u lint.SecretUse, sev sdk.Severity) *sdk.Result {
	at := nsName{orDefault(u.Namespace), u.Name}
	nss := []string{at.ns}
	if at.ns == o.namespace() {
		// no namespace written (or the policy's own): inside a kustomize
		// build the policy may have been moved after the reference was
		// written
		nss = o.namespaces()
	}
	var s secretKeys
	ok := false
	for _, ns := range nss {
		if s, ok = ix.secrets[nsName{ns, at.name}]; ok {
			at.ns = ns
			break
		}
	}
	if !ok {
		if renamed := ix.renamed("", lint.KindSecret, at); renamed != "" {
			return result(o, sdk.Error, RuleDangling, u.Path, fmt.Sprintf(
				"reads Secret %s/%s, which is not in the build, but %s is: a namePrefix, nameSuffix or secretGenerator hash renamed it and not this reference; list the aigw-backend name-reference configuration (the kustomizeconfig Component) in the kustomization",
				at.ns, at.name, renamed))
		}
		if sev == "" {
			return nil // spec.secrets: ignore
		}
		return result(o, sev, RuleSecret, u.Path, fmt.Sprintf(
			"reads Secret %s/%s (key %q), which is not in the build: AI Gateway drops a backend whose credentials are missing; deliver it (a Secret, secretGenerator, ExternalSecret or SealedSecret in the build), or set spec.secrets: ignore on the AIBackendCheck when Secrets are delivered out of band",
			at.ns, at.name, u.Key))
	}
	if sev == "" || s.from == "Secret" || s.keys == nil || s.keys[u.Key] {
		return nil
	}
	return result(o, sev, RuleSecret, u.Path, fmt.Sprintf(
		"reads key %q of Secret %s/%s, which %s does not deliver; add the key there", u.Key, at.ns, at.name, s.from))
}

// renamed returns the first object of the kind in at's namespace whose
// name is at's name with a prefix ending in "-", a suffix starting with
// "-", or a kustomize generator hash ("-" and 10 characters) added: what
// namePrefix, nameSuffix and generators make of a name when the reference
// to it is not renamed too. "" when there is none.
func (ix *index) renamed(group, kind string, at nsName) string {
	for _, name := range ix.inNS[group+"|"+kind+"|"+at.ns] {
		base := name
		if i := len(name) - 11; i > 0 && name[i] == '-' && isHash(name[i+1:]) {
			base = name[:i]
		}
		i := strings.Index(base, at.name)
		if name == at.name || i < 0 {
			continue
		}
		before, after := base[:i], base[i+len(at.name):]
		if (before == "" || strings.HasSuffix(before, "-")) && (after == "" || strings.HasPrefix(after, "-")) {
			return name
		}
	}
	return ""
}

func isHash(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// addSecret records the Secret an object delivers, if any.
func (ix *index) addSecret(o *object) {
	spec := lint.Map(o.Body, "spec")
	switch {
	case o.Kind == lint.KindSecret && o.APIVersion == "v1":
		ix.secrets[nsName{o.namespace(), o.Name}] = secretKeys{from: "Secret"}
		for _, a := range o.aliases {
			ix.secrets[a] = secretKeys{from: "Secret"}
		}
	case o.Kind == "ExternalSecret" && o.group() == "external-secrets.io":
		target := lint.Map(spec, "target")
		if lint.Str(target, "creationPolicy") == "None" {
			return // it does not create a Secret
		}
		name := lint.Str(target, "name")
		if name == "" {
			name = o.Name // the target defaults to the ExternalSecret's name
		}
		var keys map[string]bool
		if lint.List(spec, "dataFrom") == nil && lint.Map(target, "template") == nil {
			keys = map[string]bool{}
			for _, d := range lint.List(spec, "data") {
				keys[lint.Str(asMap(d), "secretKey")] = true
			}
		}
		ix.secrets[nsName{o.namespace(), name}] = secretKeys{from: o.ID(), keys: keys}
	case o.Kind == "SealedSecret" && o.group() == "bitnami.com":
		keys := map[string]bool{}
		for _, f := range [][]string{{"encryptedData"}, {"template", "data"}} {
			for k := range lint.Map(spec, f...) {
				keys[k] = true
			}
		}
		// the controller creates the Secret under the SealedSecret's name
		ix.secrets[nsName{o.namespace(), o.Name}] = secretKeys{from: o.ID(), keys: keys}
	}
}
