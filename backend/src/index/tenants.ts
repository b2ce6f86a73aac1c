// Tenant isolation for vector search: one index per tenant.
//
// faiss-node's search(x, k) takes no SearchParameters/IDSelector (faiss 1.7.3 has them in C++, the
// addon does not pass them through), so an allowed-id restriction cannot run inside faiss. Filtering
// a shared index's top-k afterwards would both leak work across tenants and silently return fewer
// than k hits when another tenant's vectors crowd the top. Separate indexes make the boundary
// structural: a query for tenant A only ever touches A's vectors, each tenant's layout is sized
// to its own data, and deleting a tenant is deleting a directory.
import { join } from 'node:path';
import type { FaissModule } from './faiss.js';
import { ManagedVectorIndex } from './managed.js';
import type { IndexSpec } from './vector-index.js';

export interface TenantIndexesOptions {
  faiss: FaissModule;
  /** Parent directory; each tenant gets a sub-directory. */
  rootDir: string;
  dim: number;
  chooseSpec?: (count: number) => IndexSpec;
}

/** File-system-safe, collision-free directory name for any tenant string (Loki's X-Scope-OrgID). */
export function tenantDirName(tenant: string): string {
  if (tenant.length === 0) throw new Error('tenant must be non-empty');
  return `t_${Buffer.from(tenant, 'utf8').toString('base64url')}`;
}

export class TenantIndexes {
  private readonly byTenant = new Map<string, ManagedVectorIndex>();

  constructor(private readonly opts: TenantIndexesOptions) {}

  /** The tenant's index manager, created on first use (not opened: call open() or rebuild()). */
  get(tenant: string): ManagedVectorIndex {
    let ix = this.byTenant.get(tenant);
    if (!ix) {
      ix = new ManagedVectorIndex({
        faiss: this.opts.faiss,
        dir: join(this.opts.rootDir, tenantDirName(tenant)),
        dim: this.opts.dim,
        chooseSpec: this.opts.chooseSpec,
      });
      this.byTenant.set(tenant, ix);
    }
    return ix;
  }

  /** Tenants whose index manager was created in this process. */
  tenants(): string[] {
    return [...this.byTenant.keys()];
  }
}
