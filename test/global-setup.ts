/**
 * One in-memory DynamoDB Local for the whole test run (a JVM start costs
 * about a second); each test file uses a table of its own on it.
 */
import type { TestProject } from 'vitest/node';
import { startLocalDynamo } from '../shared/store/local-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the run's DynamoDB Local, e.g. http://127.0.0.1:40123 */
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startLocalDynamo();
  project.provide('dynamoEndpoint', local.endpoint);
  return () => local.stop();
}
