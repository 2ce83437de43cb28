// Where each data service keeps its data: the paths Wire's Ansible roles (as pinned by
// wire-server-deploy Release 5.32, commit 682349d) really write to, from the service records
// (config/services.ts). Every one must lie on a data volume: cloud-init bind-mounts each of these from
// the volume (components/userData.ts), and where a role lets the inventory choose the path we pin it to
// ours (outputs/inventory.ts). tests/dataServices.test.ts checks both, with the source of each default.
import { DATA_SERVICE_RECORDS, DATA_SERVICES, type DataService } from "../../config/services";

export const DATA_DIRS = Object.fromEntries(DATA_SERVICES.map((s) => [s, DATA_SERVICE_RECORDS[s].dataDirs])) as Record<DataService, string[]>;
