package upstream

// assertionID names one assertion of the check. IDs are stable: negative
// controls (controls_test.go) and docs/upstream.md name the assertion they
// must make fail by its ID, never by the wording of a failure message.
type assertionID string

const (
	idAIGWRun            assertionID = "aigw-run"             // aigw run completed and wrote what the checks read
	idPolicySecretLookup assertionID = "policy-secret-lookup" // Azure/GCP policy controller looked up the referenced Secret
	idHTTPRouteWritten   assertionID = "httproute-written"    // AI Gateway wrote the HTTPRoute of the AIGatewayRoute
	idHTTPRouteBackend   assertionID = "httproute-backendref" // its backendRef is our Backend (group gateway.envoyproxy.io)
	idBTLSPPassedOn      assertionID = "btlsp-passed-on"      // the BackendTLSPolicy is among the resources passed to Envoy Gateway
	idFilterBackend      assertionID = "filter-backend"       // the filter config has an entry for the route's backend
	idSchemaName         assertionID = "schema-name"          // filter config schema name = AIServiceBackend's = contract's
	idSchemaVersion      assertionID = "schema-version"       // ... schema version
	idSchemaPrefix       assertionID = "schema-prefix"        // ... schema prefix (leading slash not significant)
	idAuthType           assertionID = "auth-type"            // the auth block matches the BackendSecurityPolicy type and the contract
	idAuthSecret         assertionID = "auth-secret"          // the key (or AWS credentials file) is the referenced Secret's value
	idAWSRegion          assertionID = "aws-region"           // aws auth region = the policy's
	idAWSDefaultChain    assertionID = "aws-default-chain"    // aws auth without a credentials file
	idGCPProject         assertionID = "gcp-project"          // gcp auth project = the policy's
	idGCPRegion          assertionID = "gcp-region"           // gcp auth region = the policy's
	idHeaderMutation     assertionID = "header-mutation"      // filter config header mutation = AIServiceBackend's = contract's
	idBodyMutation       assertionID = "body-mutation"        // filter config body mutation = AIServiceBackend's = contract's
	idXDSServed          assertionID = "xds-served"           // Envoy Gateway served xDS to the stand-in Envoy
	idBackendExists      assertionID = "backend-exists"       // our output has a Backend named like the AIServiceBackend
	idContractEndpoint   assertionID = "contract-endpoint"    // the Backend's host:port is the contract's
	idXDSDecode          assertionID = "xds-decode"           // clusters and filters decode
	idClusterForBackend  assertionID = "cluster-for-backend"  // some cluster has the Backend's host as endpoint
	idClusterEndpoint    assertionID = "cluster-endpoint"     // every endpoint of such a cluster is the Backend's host:port
	idTLS                assertionID = "tls"                  // upstream TLS exactly when a BackendTLSPolicy was emitted and the contract says TLS
	idSNI                assertionID = "sni"                  // SNI = Backend hostname
	idValidationContext  assertionID = "validation-context"   // the TLS validation context resolves
	idSAN                assertionID = "san"                  // exactly one SAN matcher: DNS = Backend hostname
	idCASystem           assertionID = "ca-system"            // trusted CA is the system bundle (a file)
	idCACustom           assertionID = "ca-custom"            // trusted CA holds the custom CA ConfigMap's certificate
	idExtProcFilter      assertionID = "ext-proc-filter"      // ext_proc/aigateway is an upstream filter of every such cluster
	idEgctl              assertionID = "egctl"                // egctl x translate ran
	idBTLSPAccepted      assertionID = "btlsp-accepted"       // BackendTLSPolicy status Accepted=True
	idBTLSPResolvedRefs  assertionID = "btlsp-resolvedrefs"   // BackendTLSPolicy status ResolvedRefs=True
	idRouteAccepted      assertionID = "route-accepted"       // HTTPRoute status Accepted=True
	idRouteResolvedRefs  assertionID = "route-resolvedrefs"   // HTTPRoute status ResolvedRefs=True
)

// failure is one assertion that did not hold.
type failure struct {
	id  assertionID
	msg string
}

func (f failure) String() string { return string(f.id) + ": " + f.msg }
