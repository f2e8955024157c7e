/**
 * The {@code aws} provider: EC2 instances (spot or on-demand) and EFS, through the AWS SDK v2
 * (the only package that uses it). {@link dev.spotplay.provider.aws.AwsProvider} ties together
 * small parts: Instances (the one tag-filtered, paginated describe), Launcher and LaunchSpecs
 * (one RunInstances per group per attempt, tags at launch, deterministic ClientTokens),
 * SpotRequests (the classic RequestSpotInstances path of {@code spot_api: spot-requests}), Pools,
 * SpotPrices, Subnets and Images (type × zone, cheapest first, the spot price check, the AMI
 * check), Waiter (one describe per poll round; duplicates terminated), Terminator (chunks, then
 * wait), ClusterKeyPair (the imported key), Network (the security group), SharedStorage (EFS by
 * creation token, mount targets), ApiErrors, RateLimits and AwsClients (retry strategy:
 * throttling is not lack of capacity; our own pace below EC2's buckets), AutostopAgent (the
 * {@code autostop} agent, {@code autostop-agent.sh}, and the step that installs it; the shutdown
 * behaviour it relies on is set by LaunchSpecs and changed in place by {@code update}).
 *
 * <p>What must stay true: everything created here is findable by tag or name alone, so a
 * crash at any moment leaks nothing; no call is made per node where one per cluster will do;
 * SDK exceptions never leave this package (they become IOExceptions or UserErrors with one
 * actionable line); with {@code SPOTPLAY_LOOPBACK_ONLY=1} no request leaves loopback.
 */
package dev.spotplay.provider.aws;
