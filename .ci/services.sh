# Services the test suites need. Sourced by .ci/run; each start is idempotent.
start_services() { :; }
stop_services() { :; }
