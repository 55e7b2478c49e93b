export * from "./policy-aspect";
export * from "./rule";
export * as rules from "./rules";
