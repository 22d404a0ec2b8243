// Package check is the whole-build check (kind AIBackendCheck, and the
// `aigw-backend check` command): it reads every object of a rendered build
// and reports, with the object, field path and file,
//
//   - references among the AI Gateway backend objects that resolve to
//     nothing in the build (Backend <- AIServiceBackend.spec.backendRef and
//     BackendTLSPolicy.spec.targetRefs; AIServiceBackend <-
//     BackendSecurityPolicy.spec.targetRefs, AIGatewayRoute
//     spec.rules[].backendRefs and any other policy's targetRefs;
//     ConfigMap CA bundles <- BackendTLSPolicy caCertificateRefs) as errors,
//     and says so when the target exists in another namespace;
//   - Secrets the policies read that are not in the build, or lack the key
//     the policy reads (a warning by default; spec.secrets chooses error,
//     warning or ignore). A Secret delivered by an ExternalSecret or a
//     SealedSecret counts as present;
//   - every rule of package lint, over every object of the build.
//
// It never changes an item: as a KRM function it writes the input bytes
// back unchanged and only appends its results, so it is safe as the last
// `transformers:` entry of a kustomization (kustomize refuses exec
// functions under `validators:`, because it stamps annotations on what they
// return) and as a kpt `validators:` step.
//
// Inside a kustomize build, transformers see objects already renamed by
// namePrefix/nameSuffix/namespace but references kustomize has not fixed
// yet (it fixes them once, at the end of the whole build) and generated
// Secrets/ConfigMaps without their hash suffix. A reference that names an
// earlier name of an object (kustomize's previousNames annotations) counts
// as resolved there. The exact check of what is deployed is the command on
// the build's output: `kustomize build DIR | aigw-backend check -`.
package check
