/**
 * The layers, guarded (README, "Layout"): core is pure domain code; use cases (app) work over ports; adapters
 * (aws) and vendor clients sit at the edges; the local runtime and the CDK app are outside the deployed code.
 */
module.exports = {
  forbidden: [
    // A cycle of type imports only is erased at compile time; one that loads code is not.
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    {
      name: 'core-is-pure',
      comment: 'Domain rules take no AWS SDK, no vendor client, no adapter, nothing local or of the CDK app.',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: { path: ['^node_modules/@aws-sdk/', '^node_modules/aws-cdk-lib', '^lambdas/(aws|vendors|handlers|app|api)/', '^local/', '^lib/'] },
    },
    {
      name: 'vendors-know-no-adapter',
      comment: 'Vendor clients speak HTTP to their vendor only: no AWS adapter, no simulator.',
      severity: 'error',
      from: { path: '^lambdas/vendors/' },
      to: { path: ['^lambdas/(aws|handlers|app|api)/', '^local/', '^lib/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'use-cases-over-ports',
      comment: 'Use cases reach the world through ports (lambdas/app/ports): nothing of an adapter, not even a type.',
      severity: 'error',
      from: { path: '^lambdas/app/' },
      to: { path: '^lambdas/aws/' },
    },
    {
      name: 'use-cases-load-no-sdk',
      comment: 'Nor do use cases load a handler or the AWS SDK: their types at most.',
      severity: 'error',
      from: { path: '^lambdas/app/' },
      to: { path: ['^lambdas/handlers/', '^node_modules/@aws-sdk/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'api-loads-no-adapter',
      comment: 'The job API application runs on ports (lambdas/api/ports.ts), nothing of an adapter, not even a type: only its handler and leadflow serve give it adapters.',
      severity: 'error',
      from: { path: '^lambdas/api/' },
      to: { path: '^lambdas/aws/' },
    },
    {
      name: 'api-loads-no-sdk',
      comment: 'Nor does the job API application load the AWS SDK: its types at most.',
      severity: 'error',
      from: { path: '^lambdas/api/' },
      to: { path: '^node_modules/@aws-sdk/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'runtime-code-has-no-cdk',
      comment: 'What runs in Lambda never loads the CDK.',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: { path: ['^node_modules/aws-cdk-lib', '^node_modules/constructs', '^lib/', '^local/', '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^cdk\\.out'] },
  },
};
