import type { StateMachine } from 'aws-local-stepfunctions';
import { checkPayload } from './payloadLimit';

/**
 * The interpreter's internals this hook relies on (aws-local-stepfunctions, pinned in package.json): `run` calls the
 * private `execute(input, options, cleanup)`, which reports each state's input and output to `options.eventLogger`
 * synchronously, inside the try block that fails the execution. test/local/runner.test.ts breaks if that changes.
 */
interface EventLogger {
  dispatchStateEnteredEvent(stateName: string, stateType: string, input: unknown): void;
  dispatchStateExitedEvent(stateName: string, stateType: string, input: unknown, output: unknown): void;
}

interface Interpreter {
  execute(input: unknown, options: { eventLogger: EventLogger }, cleanup: () => void): Promise<unknown>;
}

/**
 * Holds every state's input and output of `machine` to the 256 KiB quota (docs/local-runtime.md, "Payload limit").
 * The interpreter has no hook of its own for it, and checking the recorded history afterwards would be too late: the
 * next state would already have started with the oversized input.
 */
export function checkStatePayloads(machine: StateMachine): void {
  const interpreter = machine as unknown as Interpreter;
  const execute = interpreter.execute;
  if (typeof execute !== 'function') throw new Error('aws-local-stepfunctions no longer has the execute() the payload check wraps');
  interpreter.execute = function (this: Interpreter, input, options, cleanup) {
    const logger = options.eventLogger;
    const entered = logger.dispatchStateEnteredEvent.bind(logger);
    const exited = logger.dispatchStateExitedEvent.bind(logger);
    // The first state's input is the execution's; every later one is the output checked below.
    logger.dispatchStateEnteredEvent = (stateName, stateType, stateInput) => {
      checkPayload(stateInput, `The input of state '${stateName}'`);
      entered(stateName, stateType, stateInput);
    };
    logger.dispatchStateExitedEvent = (stateName, stateType, stateInput, output) => {
      checkPayload(output, `The output of state '${stateName}'`);
      exited(stateName, stateType, stateInput, output);
    };
    return execute.call(this, input, options, cleanup);
  };
}
