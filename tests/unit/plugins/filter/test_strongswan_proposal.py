# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The strongswan_proposal filter the ipsec_peer role builds its proposals with: the same map as the strongswan
vendor of peer_config_text, DH group optional, unknown names refused with the option named."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.eds.vpc_access.plugins.filter.strongswan_proposal import FilterModule, strongswan_proposal
from ansible_collections.eds.vpc_access.plugins.plugin_utils.peer_config_render.model import AUTH_ALGS, DH_GROUPS, ENC_ALGS


def test_alibaba_defaults():
    assert strongswan_proposal(["aes", "sha1", "group2"]) == "aes128-sha1-modp1024"


@pytest.mark.parametrize("dh", [None, "disabled"])
def test_esp_without_pfs(dh):
    assert strongswan_proposal(["aes256", "sha256", dh], "ipsec") == "aes256-sha256"
    assert strongswan_proposal(["3des", "md5"], "ipsec") == "3des-md5"


def test_every_alibaba_name_is_mapped():
    for enc in ENC_ALGS:
        for auth in AUTH_ALGS:
            for dh in DH_GROUPS:
                parts = strongswan_proposal([enc, auth, dh]).split("-")
                assert len(parts) == 3 and all(parts)
    assert strongswan_proposal(["aes192", "sha512", "group14"]) == "aes192-sha512-modp2048"
    assert strongswan_proposal(["des", "sha384", "group1"]) == "des-sha384-modp768"
    assert strongswan_proposal(["aes", "sha1", "group5"]) == "aes128-sha1-modp1536"


def test_unknown_name_names_the_option():
    with pytest.raises(AnsibleFilterError, match=r"ipsec_auth_alg.*sm3"):
        strongswan_proposal(["aes", "sm3"], "ipsec")
    with pytest.raises(AnsibleFilterError, match=r"ike_pfs"):
        strongswan_proposal(["aes", "sha1", "group24"])


def test_bad_shape():
    with pytest.raises(AnsibleFilterError, match=r"expects \[enc, auth\]"):
        strongswan_proposal("aes-sha1")


def test_registered():
    assert FilterModule().filters() == {"strongswan_proposal": strongswan_proposal}
