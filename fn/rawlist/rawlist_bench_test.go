package rawlist

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kptdev/krm-functions-sdk/go/fn"
)

// syntheticPackage builds a ResourceList like a real kpt package, about
// 1.5 KB per item: Deployments, Services and ConfigMaps with kpt's path and
// index annotations, labels, head comments in kyaml's "- # comment" style,
// line comments, flow and block styles, and one relevant item in a hundred.
func syntheticPackage(items int) []byte {
	var sb strings.Builder
	sb.Grow(items * 1600)
	sb.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n")
	for i := range items {
		file := fmt.Sprintf("app-%05d/resources.yaml", i/3)
		meta := fmt.Sprintf("  metadata:\n    name: app-%05d\n    namespace: team-%02d\n"+
			"    labels:\n      app.kubernetes.io/name: app-%05d\n      app.kubernetes.io/part-of: shop\n      team: team-%02d\n"+
			"    annotations:\n      config.kubernetes.io/index: '%d'\n      config.kubernetes.io/path: '%s'\n"+
			"      internal.config.kubernetes.io/index: '%d'\n      internal.config.kubernetes.io/path: '%s'\n"+
			"      internal.config.kubernetes.io/seqindent: 'compact'\n"+
			"      internal.kpt.dev/upstream-identifier: 'apps|Deployment|team-%02d|app-%05d'\n"+
			"      kpt.dev/kpt-merge: 'team-%02d/app-%05d'\n"+
			"      description: \"Part of the shop: serves checkout, cart and catalog traffic for team %02d; owned by the platform group,\n"+
			"        paged through the shop on-call rotation. See the runbook before changing replicas or probes.\"\n",
			i/3, i%50, i/3, i%50, i%3, file, i%3, file, i%50, i/3, i%50, i/3, i%50)
		switch {
		case i%100 == 99:
			fmt.Fprintf(&sb, "- apiVersion: aigw.dev/v1alpha1\n  kind: Backend\n%s"+
				"  spec:\n    endpoints:\n    - fqdn: {hostname: api-%d.example.com, port: 443}\n", meta, i)
		case i%3 == 0:
			fmt.Fprintf(&sb, "- # app-%05d serves the shop's traffic.\n  # Scaffolded by the platform template; edit freely.\n"+
				"  apiVersion: apps/v1\n  kind: Deployment\n%s"+
				"  spec:\n    replicas: 3 # kpt-set: ${replicas}\n    selector:\n      matchLabels:\n        app.kubernetes.io/name: app-%05d\n"+
				"    strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n"+
				"    template:\n      metadata:\n        labels:\n          app.kubernetes.io/name: app-%05d\n      spec:\n        containers:\n"+
				"        - name: app\n          image: \"registry.example.com/shop/app-%05d:v1.2.3\"\n          args: [\"--port=8080\", \"--log-level=info\"]\n"+
				"          ports:\n          - containerPort: 8080\n            protocol: TCP\n          env:\n          - name: MODE\n            value: production\n"+
				"          - name: JAVA_OPTS\n            value: '-Xms256m -Xmx512m'\n"+
				"          resources:\n            limits: {cpu: 500m, memory: 256Mi}\n            requests: {cpu: 100m, memory: 128Mi}\n"+
				"          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n",
				i/3, meta, i/3, i/3, i/3)
		case i%3 == 1:
			fmt.Fprintf(&sb, "- apiVersion: v1\n  kind: Service\n%s"+
				"  spec:\n    type: ClusterIP\n    selector:\n      app.kubernetes.io/name: app-%05d\n"+
				"    ports:\n    - name: http # public\n      port: 80\n      targetPort: 8080\n    - name: metrics\n      port: 9090\n", meta, i/3)
		default:
			fmt.Fprintf(&sb, "- apiVersion: v1\n  kind: ConfigMap\n%s"+
				"  data:\n    app.properties: |\n      # settings for app-%05d\n      server.port=8080\n      feature.flag=true\n"+
				"      ---\n      - not an item\n    LOG_LEVEL: \"info\"\n    banner: >-\n      Welcome to the shop,\n      team %02d.\n", meta, i/3, i%50)
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
