import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledgeNoAuthorizer } from './nag';

export interface WebConsoleProps {
  /** The public REST API: the console is served at <stage URL>/console, next to the job API it calls. */
  readonly api: apigateway.RestApi;
}

/**
 * The web console (console/, README "Web console"): `GET /console` and `GET /console/{asset}` on the job API's REST
 * API, served by a function of its own (lambdas/handlers/console.ts) whose bundle embeds the page, so the API
 * function's bundle does not grow. The page is public and holds no data: every call it makes goes to the job API
 * with the key its user enters. It has no permission beyond its own logs, and the stage's WAF, when there is one,
 * covers these routes as it covers every other.
 */
export class WebConsole extends Construct {
  readonly function: LeadflowFunction;

  constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'console',
      description: "The web console's page and assets (public, no data: the page calls the job API with the user's key)",
      memorySize: 128,
      timeout: Duration.seconds(5),
    });
    const integration = new apigateway.LambdaIntegration(this.function.function, { allowTestInvoke: false });
    const page = props.api.root.addResource('console');
    const options: apigateway.MethodOptions = { apiKeyRequired: false, authorizationType: apigateway.AuthorizationType.NONE };
    const methods = [page.addMethod('GET', integration, options), page.addResource('{asset}').addMethod('GET', integration, options)];
    const reason =
      'The console page and its script and stylesheet are public static files holding no data (like a login page): ' +
      'everything they show comes from the job API, whose every route requires an API key; the function has no ' +
      'permission beyond its logs, and the stage throttle and the optional WAF cover these routes too';
    acknowledgeNoAuthorizer(methods, reason);
  }
}
