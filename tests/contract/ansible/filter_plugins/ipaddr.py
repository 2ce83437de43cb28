# Test-only stand-in for the one use of ansible.utils' `ipaddr` filter that Wire's pg_hba.conf.j2
# makes: `primary_node | ipaddr('network')` (an address in, its network address out, e.g.
# 10.0.3.7/24 -> 10.0.3.0; a bare address is a /32, as ansible.utils treats it).
# Why not the real filter: ansible.utils is not part of ansible-core; Debian ships it only inside the
# `ansible` package (about 250 MB installed) and it also needs python3-netaddr, all for one call.
# Any other query fails loudly, so the stand-in cannot quietly differ from the real filter.
import ipaddress

from ansible.errors import AnsibleFilterError


def ipaddr(value, query=""):
    if query != "network":
        raise AnsibleFilterError("test stand-in ipaddr: only ipaddr('network') is implemented, got %r" % query)
    return str(ipaddress.ip_interface(str(value)).network.network_address)


class FilterModule(object):
    def filters(self):
        return {"ipaddr": ipaddr}
