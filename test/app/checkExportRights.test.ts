import { describe, expect, it } from 'vitest';
import { checkExportRights, type HeroBaseCalls } from '../../lambdas/app/checkExportRights';
import type { JobRecord } from '../../lambdas/core/job';
import { VendorFatalError } from '../../lambdas/vendors/errors';
import { memoryLog } from './fakes';

type Account = Awaited<ReturnType<HeroBaseCalls['account']>>;
type Campaign = Awaited<ReturnType<HeroBaseCalls['campaigns']>>[number];

function setup(campaignCode: string | undefined, heroBase: Partial<HeroBaseCalls> | Error) {
  const calls: string[] = [];
  const job = { jobId: 'job-1', options: campaignCode ? { export: { campaignCode } } : {} } as JobRecord;
  const ports = {
    jobs: { get: async () => job },
    heroBase: async () => {
      if (heroBase instanceof Error) throw heroBase;
      return new Proxy(heroBase as HeroBaseCalls, { get: (target, name: string) => (calls.push(name), target[name as keyof HeroBaseCalls]) });
    },
    paced: <T>(call: () => Promise<T>) => call(),
    log: memoryLog().log,
  };
  return { check: () => checkExportRights(ports, 'job-1'), calls };
}

const account = (resourceRights: Record<string, string[]>, projectRights: string[]) => ({ resourceRights, projectRights }) as unknown as Account;

describe('Preflight of a HeroBase export', () => {
  it('asks HeroBase nothing for a job that exports nowhere', async () => {
    const { check, calls } = setup(undefined, {});
    await check();
    expect(calls).toEqual([]);
  });

  it("lets a job whose rights cover the campaign's project (by wildcard) go on", async () => {
    const { check } = setup('C1', {
      account: async () => account({ Leads: ['POST'], Campaigns: ['GET'] }, ['B2B*']),
      campaigns: async () => [{ code: 'c1', projectName: 'B2B Nordics' } as unknown as Campaign],
    });
    await expect(check()).resolves.toBeUndefined();
  });

  it('fails before anything is bought, naming what is missing', async () => {
    const { check } = setup('C1', {
      account: async () => account({ Leads: ['GET'] }, []),
      importExample: async () => Promise.reject(Object.assign(new Error('not found'), { httpStatus: 404 })),
    });
    await expect(check()).rejects.toMatchObject({
      name: 'ExportPreflightFailed',
      message: expect.stringMatching(/campaign 'C1' does not exist; missing resource right POST Leads/),
    });
  });

  it("turns a refused login into the same kind of failure, with the vendor's reason", async () => {
    const refused = new VendorFatalError({ vendor: 'herobase', httpStatus: 401, code: 'unauthorized', message: 'HeroBase refused the login (401)' });
    const { check } = setup('C1', refused);
    await expect(check()).rejects.toMatchObject({ name: 'ExportPreflightFailed', message: 'HeroBase export check failed: HeroBase refused the login (401)' });
  });
});
