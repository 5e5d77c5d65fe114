"""Operations tests: metrics, dashboards, alerts, compose, Kubernetes and security."""
