package rawlist

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kptdev/krm-functions-sdk/go/fn"
)

// syntheticPackage builds a ResourceList like a real kpt package: Deployments,
// Services and ConfigMaps with kpt's path/index annotations and comments, and
// one relevant item in a hundred.
func syntheticPackage(items int) []byte {
	var sb strings.Builder
	sb.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for i := range items {
		ann := fmt.Sprintf("    annotations:\n      config.kubernetes.io/index: '%d'\n"+
			"      config.kubernetes.io/path: 'app-%d/resources.yaml'\n"+
			"      internal.config.kubernetes.io/path: 'app-%d/resources.yaml'\n"+
			"      internal.config.kubernetes.io/seqindent: 'compact'\n", i%3, i/3, i/3)
		switch {
		case i%100 == 99:
			fmt.Fprintf(&sb, "- apiVersion: aigw.dev/v1alpha1\n  kind: Backend\n  metadata:\n    name: backend-%d\n    namespace: prod\n%s"+
				"  spec:\n    endpoints:\n    - fqdn: {hostname: api-%d.example.com, port: 443}\n", i, ann, i)
		case i%3 == 0:
			fmt.Fprintf(&sb, "# Deployment for app %d\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: app-%d\n    namespace: prod\n"+
				"    labels:\n      app.kubernetes.io/name: app-%d\n      app.kubernetes.io/part-of: shop\n%s"+
				"  spec:\n    replicas: 3 # kpt-set: ${replicas}\n    selector:\n      matchLabels:\n        app.kubernetes.io/name: app-%d\n"+
				"    template:\n      metadata:\n        labels:\n          app.kubernetes.io/name: app-%d\n      spec:\n        containers:\n"+
				"        - name: app\n          image: \"registry.example.com/shop/app-%d:v1.2.3\"\n          args: [\"--port=8080\", \"--log-level=info\"]\n"+
				"          ports:\n          - containerPort: 8080\n            protocol: TCP\n          env:\n          - name: MODE\n            value: production\n"+
				"          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n",
				i, i, i, ann, i, i, i)
		case i%3 == 1:
			fmt.Fprintf(&sb, "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: app-%d\n    namespace: prod\n%s"+
				"  spec:\n    selector:\n      app.kubernetes.io/name: app-%d\n    ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n", i, ann, i)
		default:
			fmt.Fprintf(&sb, "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: app-%d-config\n    namespace: prod\n%s"+
				"  data:\n    app.properties: |\n      # settings\n      server.port=8080\n      feature.flag=true\n    LOG_LEVEL: \"info\"\n", i, ann)
		}
	}
	sb.WriteString("functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: aigw-backend\n  data:\n    mode: strict\n")
	return []byte(sb.String())
}

// BenchmarkParse compares Parse with the SDK's full parse (the baseline),
// alone and in a parse-and-write round trip.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		in := syntheticPackage(n)
		if l, ok := Parse(in); !ok || len(l.Items) != n {
			b.Fatal("synthetic package not handled")
		}
		run := func(name string, f func() error) {
			b.Run(fmt.Sprintf("%s/items=%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					if err := f(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		run("rawlist", func() error {
			if _, ok := Parse(in); !ok {
				return io.ErrUnexpectedEOF
			}
			return nil
		})
		run("sdk", func() error {
			_, err := fn.ParseResourceList(in)
			return err
		})
		run("rawlist-roundtrip", func() error {
			l, _ := Parse(in)
			entries := make([]Entry, len(l.Items))
			for i := range l.Items {
				entries[i] = Entry{Orig: &l.Items[i]}
				if l.Items[i].Header.Kind == "Backend" { // parse the relevant ones, as the function would
					entries[i] = Entry{Doc: l.Items[i].Document()}
				}
			}
			var out bytes.Buffer
			return l.Write(&out, entries, nil)
		})
		run("sdk-roundtrip", func() error {
			rl, err := fn.ParseResourceList(in)
			if err != nil {
				return err
			}
			_, err = rl.ToYAML()
			return err
		})
	}
}
