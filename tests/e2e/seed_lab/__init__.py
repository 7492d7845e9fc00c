"""The lab of the seed's whole path, one code for `scripts/demo` and `tests/e2e/test_site_whole_path.py`.

  plan.py       names, addresses, the DC servers' configuration before any playbook, site.yml's vars (routing_mode)
  lab.py        SeedLab: the namespaces, links, the DNS/DHCP container and the daemons (diagram there)
  container.py  the DNS/DHCP server's systemd container; configuration snapshots
  stub_dns.py   the cloud DNS stand-in
  cloud.py      the connection or attachment as the emulator holds it (SDK); CloudWatcher configures the cloud
                stand-in from it
  watcher.py    the base of the lab's threads while site.yml runs (CloudWatcher, lab.FrrReloader)
  playbooks.py  ansible-playbook site/teardown as a user runs them against the lab
  checks.py     expect() and the phase timer
  scenario.py   the steps of the whole path and their checks (WholePath)
  transit_router.py  the transit_router variant's steps on the same lab (tr-site tr-client tr-teardown)
  state.py      the record of what a lab started (<workdir>/state.json) and down(), from any process
  cli.py        python -m seed_lab demo|down
"""
